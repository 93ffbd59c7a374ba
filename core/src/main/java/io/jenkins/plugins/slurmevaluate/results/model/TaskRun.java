package io.jenkins.plugins.slurmevaluate.results.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one task directory of an invocation left behind: the scores of its {@code artifacts/results.yml}, or the
 * reason there are none ({@link #problem()}: file absent, unreadable, malformed). A task with a problem has no
 * nodes, and gates that address it fail.
 *
 * @param dir the task directory's name, {@code <task name>.<index>} as the launcher makes it
 *     ({@code lm-evaluation-harness.hellaswag.0}); for a tree read from disk, its path relative to the root
 * @param taskType {@code config.type} of results.yml (the task as nemo-evaluator knows it), when present
 * @param tasks {@code results.tasks}
 * @param groups {@code results.groups}
 * @param problem why there are no results; empty when results.yml was read
 */
public record TaskRun(String dir, Optional<String> taskType, Map<String, Node> tasks, Map<String, Node> groups,
        Optional<String> problem) {

    private static final Pattern INDEXED = Pattern.compile("(.+)\\.(\\d+)");

    public TaskRun {
        Names.check("task directory", dir);
        Objects.requireNonNull(taskType, "taskType");
        Objects.requireNonNull(problem, "problem");
        tasks = Names.copyKeyed(tasks, Node::name, "task");
        groups = Names.copyKeyed(groups, Node::name, "group");
        if (problem.isPresent() && (!tasks.isEmpty() || !groups.isEmpty())) {
            throw new IllegalArgumentException("task " + dir + " has a problem and results at once");
        }
    }

    public static TaskRun withResults(String dir, Optional<String> taskType, Map<String, Node> tasks, Map<String, Node> groups) {
        return new TaskRun(dir, taskType, tasks, groups, Optional.empty());
    }

    /** A task directory that yielded no results, for the given reason ("artifacts/results.yml not found"). */
    public static TaskRun missing(String dir, String problem) {
        return new TaskRun(dir, Optional.empty(), Map.of(), Map.of(), Optional.of(problem));
    }

    /**
     * The task name as written in the evaluation config: the directory's last path segment without its
     * {@code .<index>} suffix ({@code lm-evaluation-harness.hellaswag.0} → {@code lm-evaluation-harness.hellaswag}).
     */
    public String configName() {
        String last = dir.substring(dir.lastIndexOf('/') + 1);
        Matcher m = INDEXED.matcher(last);
        return m.matches() ? m.group(1) : last;
    }

    /** True if results.yml was read and holds at least one score. */
    public boolean hasScores() {
        return tasks.values().stream().anyMatch(Node::hasScores) || groups.values().stream().anyMatch(Node::hasScores);
    }
}
