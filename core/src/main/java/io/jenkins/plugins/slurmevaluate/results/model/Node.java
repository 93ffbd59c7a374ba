package io.jenkins.plugins.slurmevaluate.results.model;

import java.util.List;
import java.util.Map;

/**
 * A task ({@code results.tasks.<name>}) or a group ({@code results.groups.<name>}) with its metrics. Only groups have
 * sub-groups ({@code groups.<name>.groups}); for a task {@link #groups()} is empty.
 */
public record Node(String name, Map<String, Metric> metrics, Map<String, Node> groups) {

    public Node {
        Names.check("task or group", name);
        metrics = Names.copyKeyed(metrics, Metric::name, "metric");
        groups = Names.copyKeyed(groups, Node::name, "group");
    }

    public static Node of(String name, Metric... metrics) {
        return new Node(name, Names.index(List.of(metrics), Metric::name), Map.of());
    }

    /** True if this node or one of its sub-groups has at least one score. */
    public boolean hasScores() {
        return metrics.values().stream().anyMatch(m -> !m.scores().isEmpty())
                || groups.values().stream().anyMatch(Node::hasScores);
    }
}
