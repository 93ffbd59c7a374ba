package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.config.plan.Trust;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code slurm-evaluate run} was asked to do, parsed from the command line and nothing else.
 *
 * @param config        the config file
 * @param overrides     {@code -o} overrides, in order
 * @param envFile       {@code --env-file}, or null for {@code ./.env} when it exists
 * @param tasks         {@code --tasks} filter; empty runs every task
 * @param gates         {@code --gate} expressions, in order
 * @param baseline      {@code --baseline} results directory or gate-report.json, or null
 * @param maxRegression {@code --max-regression} as written, or null for none
 * @param strict        {@code --strict}
 * @param resultsDir    {@code --results-dir}, or null for {@code ./slurm-evaluate-results/<invocation>}
 * @param detach        {@code --detach}: return right after submission
 * @param cancelOnInterrupt {@code --cancel-on-interrupt}: Ctrl-C cancels the jobs too
 * @param dryRun        {@code --dry-run}
 * @param outputDir     {@code --output-dir} where a dry run writes the job scripts, or null
 * @param connection    how to reach the cluster
 * @param stateDir      {@code --state-dir}, or null for the default
 * @param trust         {@code --trust-pre-cmd}, {@code --trust-unlisted-tasks} (the environment is read later)
 */
record RunRequest(Path config, List<String> overrides, Path envFile, List<String> tasks, List<String> gates, Path baseline,
        String maxRegression, boolean strict, Path resultsDir, boolean detach, boolean cancelOnInterrupt, boolean dryRun,
        Path outputDir, ConnectionRequest connection, Path stateDir, Trust trust) {

    RunRequest {
        overrides = List.copyOf(overrides);
        tasks = List.copyOf(tasks);
        gates = List.copyOf(gates);
    }
}
