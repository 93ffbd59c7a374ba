package io.jenkins.plugins.slurmevaluate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where {@code host:} values come from: the environment, then {@code --env-file} (or {@code ./.env} if it exists). */
final class Secrets {

    private Secrets() {}

    /**
     * Loads the env file, narrating on stderr which variables it defines (names only).
     *
     * @param envFile {@code --env-file}, or null for {@code ./.env} when it exists
     * @throws CliFailure (exit 2) when the file cannot be read
     */
    static CliSecretSource load(CliContext context, Path envFile) throws CliFailure {
        Path file = envFile;
        if (file == null) {
            Path dotenv = context.workingDirectory().resolve(".env");
            if (!Files.isRegularFile(dotenv)) {
                return new CliSecretSource(context.environment(), Map.of(), null);
            }
            file = dotenv;
        }
        EnvFile parsed;
        try {
            parsed = EnvFile.parse(Files.readString(context.workingDirectory().resolve(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CliFailure.invalid("cannot read the env file " + file + ": " + e.getMessage());
        }
        for (String w : parsed.warnings()) {
            context.err().println("warning: " + file + ": " + w);
        }
        for (String name : parsed.values().keySet()) {
            if (context.environment().containsKey(name)) {
                context.err().println("warning: " + name + " is set in the environment and in " + file
                        + "; the environment's value is used");
            }
        }
        context.err().println("loaded " + parsed.values().size() + " variable(s) from " + file + ": "
                + String.join(", ", parsed.values().keySet()));
        return new CliSecretSource(context.environment(), parsed.values(), file.toString());
    }

    /**
     * The values of a saved run's secret variables, for masking its logs again. A name that cannot be resolved is
     * reported: its value would show unmasked if a job printed it.
     */
    static List<String> valuesOf(Collection<String> names, CliSecretSource source, Terminal terminal) {
        List<String> values = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            source.lookup(name).filter(v -> !v.isEmpty()).ifPresentOrElse(values::add, () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            terminal.warn("cannot mask " + String.join(", ", missing) + ": not set in " + source.describe()
                    + "; should a job print their values, they show unmasked");
        }
        return values;
    }
}
