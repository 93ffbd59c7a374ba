package io.jenkins.plugins.slurmevaluate.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slurm-evaluate run}: parses its options into a {@link RunRequest} and hands it to {@link DryRun}. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compose and validate a launcher config, then run its tasks on Slurm (only --dry-run works yet).")
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "CONFIG",
            description = "Launcher config (YAML with a defaults: list).")
    Path config;

    @Option(names = {"-o", "--override"}, paramLabel = "KEY=VALUE",
            description = "Hydra override: a.b=c, +a.b=c (add), ++a.b=c (add or replace), ~a.b (delete), "
                    + "evaluation.tasks.<task>.<key>=v. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Dotenv file for host: variables (default ./.env if it exists); the environment wins.")
    Path envFile;

    @Option(names = {"-t", "--tasks"}, split = ",", paramLabel = "TASK",
            description = "Run only these tasks (comma-separated names or suffixes).")
    List<String> tasks = new ArrayList<>();

    @Option(names = "--dry-run", description = "Validate and print the resolved config and plan; submit nothing.")
    boolean dryRun;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Write the generated job scripts here.")
    Path outputDir;

    private final CliContext context;

    RunCommand(CliContext context) {
        this.context = context;
    }

    RunRequest request() {
        return new RunRequest(config, overrides, envFile, tasks, dryRun, outputDir);
    }

    @Override
    public Integer call() {
        RunRequest request = request();
        if (!request.dryRun()) {
            context.err().println("slurm-evaluate run: submitting is not implemented yet; use --dry-run");
            return Main.INVALID;
        }
        return new DryRun(context).execute(request);
    }
}
