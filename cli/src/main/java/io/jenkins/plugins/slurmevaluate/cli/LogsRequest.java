package io.jenkins.plugins.slurmevaluate.cli;

import java.nio.file.Path;

/**
 * What {@code slurm-evaluate logs} was asked to do.
 *
 * @param target the run and how to reach it
 * @param follow {@code -f}
 * @param resultsDir {@code --results-dir}, or null
 * @param cancelOnInterrupt {@code --cancel-on-interrupt}
 */
record LogsRequest(TargetRequest target, boolean follow, Path resultsDir, boolean cancelOnInterrupt) {}
