package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigException;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.Planner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code run --dry-run}: everything a real run checks before it touches the cluster (composition, validation,
 * {@code host:} variables, task resolution), then the resolved config and the plan on stdout. Never prints a
 * secret value.
 */
final class DryRun {

    private final CliContext context;

    DryRun(CliContext context) {
        this.context = context;
    }

    int execute(RunRequest request) {
        CliSecretSource secrets;
        try {
            secrets = secrets(request);
        } catch (IOException e) {
            context.err().println("slurm-evaluate run: cannot read the env file " + request.envFile() + ": " + e.getMessage());
            return Main.INVALID;
        }
        Planner planner = new Planner(new ConfigLoader(secrets.merged()), TaskCatalog.bundled());
        EvaluationPlan plan;
        try {
            plan = planner.plan(request.config(), request.overrides(), secrets, request.tasks());
        } catch (ConfigException e) {
            context.err().println("slurm-evaluate run: " + request.config() + " is not valid ("
                    + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems") + "):");
            context.err().println(e.getMessage());
            return Main.INVALID;
        }
        new PlanPrinter(context.out()).print(plan, request);
        return 0;
    }

    private CliSecretSource secrets(RunRequest request) throws IOException {
        Path file = request.envFile();
        if (file == null) {
            Path dotenv = context.workingDirectory().resolve(".env");
            if (!Files.isRegularFile(dotenv)) {
                return new CliSecretSource(context.environment(), Map.of(), null);
            }
            file = dotenv;
        }
        EnvFile parsed = EnvFile.parse(Files.readString(file, StandardCharsets.UTF_8));
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
}
