package io.jenkins.plugins.slurmevaluate.cli;

/**
 * What {@code slurm-evaluate status} was asked to do.
 *
 * @param target the run and how to reach it
 * @param json {@code --json}
 */
record StatusRequest(TargetRequest target, boolean json) {}
