package io.jenkins.plugins.slurmevaluate.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code slurm-evaluate run} was asked to do, parsed from the command line and nothing else.
 *
 * @param config    the config file
 * @param overrides {@code -o} overrides, in order
 * @param envFile   {@code --env-file}, or null for {@code ./.env} when it exists
 * @param tasks     {@code --tasks} filter; empty runs every task
 * @param dryRun    {@code --dry-run}
 * @param outputDir {@code --output-dir} where the generated scripts go, or null
 */
record RunRequest(Path config, List<String> overrides, Path envFile, List<String> tasks, boolean dryRun,
        Path outputDir) {

    RunRequest {
        overrides = List.copyOf(overrides);
        tasks = List.copyOf(tasks);
    }
}
