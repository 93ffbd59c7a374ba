package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's secrets: the process environment, then an env file. The environment wins, as with the launcher's
 * {@code load_dotenv(override=False)} (reference c.8).
 */
final class CliSecretSource implements SecretSource {

    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final String fileName;

    /** @param fileName the env file as named to the user, or null when there is none */
    CliSecretSource(Map<String, String> environment, Map<String, String> file, String fileName) {
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
        this.fileName = fileName;
    }

    @Override
    public Optional<String> lookup(String name) {
        String v = environment.get(name);
        return Optional.ofNullable(v != null ? v : file.get(name));
    }

    @Override
    public String describe() {
        return fileName == null ? "the process environment (no env file; pass --env-file FILE or create ./.env)"
                : "the process environment and the env file " + fileName;
    }

    /** Environment and file together, environment first: what {@code ${oc.env:...}} sees. */
    Map<String, String> merged() {
        Map<String, String> out = new HashMap<>(file);
        out.putAll(environment);
        return out;
    }
}
