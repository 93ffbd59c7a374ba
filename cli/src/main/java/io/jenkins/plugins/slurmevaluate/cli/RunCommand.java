package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.config.plan.Trust;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slurm-evaluate run}: parses its options into a {@link RunRequest} and hands it to {@link DryRun} or {@link Runner}. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, footer = {"", ExitCode.HELP},
        description = {"Validate a launcher config, submit its tasks to Slurm, follow them (logs and a progress line) until "
                + "every chain has stopped, download the artifacts and gate the scores.",
                "Ctrl-C stops following and leaves the jobs running; 'logs -f' picks up where it stopped."})
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

    @Option(names = {"-g", "--gate"}, paramLabel = "EXPR",
            description = "Gate on a score: 'task.metric[.score] >= 0.8', '... >= baseline'. Repeatable; every task must "
                    + "produce scores even without gates.")
    List<String> gates = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "PATH",
            description = "Results of an earlier run (its results directory or gate-report.json) to compare with.")
    Path baseline;

    @Option(names = "--max-regression", paramLabel = "X",
            description = "Allowed drop against the baseline: absolute (0.01) or relative (1%%). Default 0.")
    String maxRegression;

    @Option(names = "--strict", description = "A verdict that could be noise is INCONCLUSIVE (exit 3) instead of PASS or FAIL.")
    boolean strict;

    @Option(names = "--results-dir", paramLabel = "DIR",
            description = "Where artifacts, logs and gate-report.{json,xml} go (default ./slurm-evaluate-results/<invocation>).")
    Path resultsDir;

    @Option(names = {"-d", "--detach"},
            description = "Return right after submission; follow later with 'logs -f', check with 'status', cancel with 'kill'.")
    boolean detach;

    @Option(names = "--cancel-on-interrupt",
            description = "Ctrl-C (or SIGTERM) while following cancels every job of the run instead of leaving them running.")
    boolean cancelOnInterrupt;

    @Option(names = "--dry-run", description = "Validate and print the resolved config and plan; submit nothing.")
    boolean dryRun;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "With --dry-run: write each task's run.sub and redacted .secrets.env here.")
    Path outputDir;

    @Option(names = "--trust-pre-cmd", description = "Run the config's pre_cmd/post_cmd (evaluation, tasks, deployment, "
            + "auxiliary deployments) as written; without it (or NEMO_EVALUATOR_TRUST_PRE_CMD=1) a config with any is refused.")
    boolean trustPreCmd;

    @Option(names = "--trust-unlisted-tasks", description = "Run tasks that are not in the task catalog in the image the "
            + "config names; without it (or NEMO_EVALUATOR_TRUST_UNLISTED_TASKS=1) they are refused, unless the image is a "
            + "local file (*.sqsh or an absolute path).")
    boolean trustUnlistedTasks;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    StateOption state = new StateOption();

    private final CliContext context;

    RunCommand(CliContext context) {
        this.context = context;
    }

    RunRequest request() {
        return new RunRequest(config, overrides, envFile, tasks, gates, baseline, maxRegression, strict, resultsDir, detach,
                cancelOnInterrupt, dryRun, outputDir, connection.request(), state.stateDir,
                new Trust(trustPreCmd, trustUnlistedTasks));
    }

    @Override
    public Integer call() throws CliFailure {
        RunRequest request = request();
        if (request.outputDir() != null && !request.dryRun()) {
            throw CliFailure.invalid("--output-dir goes with --dry-run (a real run writes its scripts to the cluster; "
                    + "its results go to --results-dir)");
        }
        return request.dryRun() ? new DryRun(context).execute(request) : new Runner(context).run(request, state.resolve(context));
    }
}
