package io.jenkins.plugins.slurmevaluate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir}: where run records are kept, shared by every command. */
final class StateOption {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where run records are kept (default $SLURM_EVALUATE_STATE_DIR, else ~/.slurm-evaluate/runs).")
    Path stateDir;

    Path resolve(CliContext context) {
        return new Resolver(stateDir).resolve(context);
    }

    /** The directory to use: the option, else {@code $SLURM_EVALUATE_STATE_DIR}, else {@code ~/.slurm-evaluate/runs}. */
    record Resolver(Path option) {
        Path resolve(CliContext context) {
            if (option != null) {
                return context.workingDirectory().resolve(option).toAbsolutePath().normalize();
            }
            String env = context.environment().get("SLURM_EVALUATE_STATE_DIR");
            return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath() : defaultDirectory(context);
        }
    }

    static Path defaultDirectory(CliContext context) {
        return context.home().resolve(".slurm-evaluate").resolve("runs");
    }
}
