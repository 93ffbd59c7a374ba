/**
 * From a loaded config to a runnable plan: one job per task with its image, endpoint, resources and resolved
 * variable groups. Config, catalog and secret problems are reported together. A {@code --tasks} filter keeps each
 * task's index from the config, so a task's directory name ({@code <task>.<idx>}) does not depend on the filter.
 */
package io.jenkins.plugins.slurmevaluate.config.plan;
