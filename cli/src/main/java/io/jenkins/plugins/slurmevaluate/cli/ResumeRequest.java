package io.jenkins.plugins.slurmevaluate.cli;

import java.nio.file.Path;

/**
 * What {@code slurm-evaluate resume} was asked to do.
 *
 * @param target the run and how to reach it
 * @param detach {@code --detach}
 * @param resultsDir {@code --results-dir}, or null
 * @param cancelOnInterrupt {@code --cancel-on-interrupt}
 */
record ResumeRequest(TargetRequest target, boolean detach, Path resultsDir, boolean cancelOnInterrupt) {}
