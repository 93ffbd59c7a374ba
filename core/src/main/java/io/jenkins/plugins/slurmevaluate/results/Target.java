package io.jenkins.plugins.slurmevaluate.results;

import io.jenkins.plugins.slurmevaluate.results.model.Node;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A task or group of one task directory, as the resolver and the summary see it.
 *
 * @param groupPath for a group, the names from the top-level group down to this one; empty for a task
 */
record Target(TaskRun run, Node node, boolean group, List<String> groupPath) {

    String kind() {
        return group ? "group" : "task";
    }

    @Override
    public boolean equals(Object o) {
        // Identity of the place, not of the numbers: two runs can hold equal nodes.
        return o instanceof Target t && t.run.dir().equals(run.dir()) && t.group == group && t.groupPath.equals(groupPath)
                && t.node.name().equals(node.name());
    }

    @Override
    public int hashCode() {
        return Objects.hash(run.dir(), group, groupPath, node.name());
    }

    /**
     * Every task and group of a run, tasks first, sub-groups after their parent. A group that merely repeats the task
     * of the same name (nemo-evaluator's lm-eval parser lists a task without sub-tasks under both) is left out, so
     * {@code hellaswag.acc_norm} is not ambiguous.
     */
    static List<Target> of(TaskRun run) {
        List<Target> targets = new ArrayList<>();
        Set<String> taskNames = new HashSet<>();
        for (Node task : run.tasks().values()) {
            targets.add(new Target(run, task, false, List.of()));
            taskNames.add(task.name());
        }
        for (Node group : run.groups().values()) {
            addGroup(run, group, List.of(), targets);
        }
        targets.removeIf(t -> t.group && t.groupPath.size() == 1 && taskNames.contains(t.node.name())
                && t.node.groups().isEmpty() && t.node.metrics().equals(run.tasks().get(t.node.name()).metrics()));
        return targets;
    }

    private static void addGroup(TaskRun run, Node group, List<String> parents, List<Target> into) {
        List<String> path = new ArrayList<>(parents);
        path.add(group.name());
        into.add(new Target(run, group, true, List.copyOf(path)));
        for (Node sub : group.groups().values()) {
            addGroup(run, sub, path, into);
        }
    }
}
