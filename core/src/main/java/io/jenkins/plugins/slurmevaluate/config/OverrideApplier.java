package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies parsed overrides to a composed tree, with Hydra's rules: {@code a.b=c} needs an existing key,
 * {@code +a.b=c} a new one, {@code ++a.b=c} either, {@code ~a.b} an existing one. Task-name sugar
 * ({@code evaluation.tasks.mmlu.x=v}) is rewritten to the task's index first; like the launcher, it may create keys
 * inside the task, and the typed validation still rejects unknown ones.
 */
final class OverrideApplier {

    private final Problems problems;

    OverrideApplier(Problems problems) {
        this.problems = problems;
    }

    MapNode apply(MapNode root, List<ConfigOverride> overrides) {
        MapNode out = root;
        List<ConfigOverride> sugar = new ArrayList<>();
        for (ConfigOverride o : overrides) {
            if (o.kind() == ConfigOverride.Kind.GROUP) {
                continue;
            }
            if (o.isTaskNameSugar()) {
                sugar.add(o);
            } else {
                out = applyOne(out, o, o.path(), o.kind());
            }
        }
        for (ConfigOverride o : sugar) {
            for (List<String> path : new TaskNameSugar(out, problems).rewrite(o)) {
                ConfigOverride.Kind kind = o.kind() == ConfigOverride.Kind.DELETE ? o.kind() : ConfigOverride.Kind.FORCE;
                out = applyOne(out, o, path, kind);
            }
        }
        return out;
    }

    private MapNode applyOne(MapNode root, ConfigOverride o, List<String> path, ConfigOverride.Kind kind) {
        try {
            return (MapNode) set(root, o, path, 0, kind);
        } catch (Refused e) {
            problems.add(o.origin(), o.key(), e.getMessage());
            return root;
        }
    }

    private Node set(Node current, ConfigOverride o, List<String> path, int i, ConfigOverride.Kind kind) throws Refused {
        String seg = path.get(i);
        boolean last = i == path.size() - 1;
        String here = String.join(".", path.subList(0, i + 1));
        if (current instanceof ListNode list) {
            int index = index(seg, list, here);
            if (last) {
                if (kind == ConfigOverride.Kind.DELETE) {
                    return list.without(index);
                }
                if (kind == ConfigOverride.Kind.ADD) {
                    throw new Refused("there is already a value at " + here + "; use ++" + o.key() + "=... to replace it");
                }
                return list.with(index, o.value());
            }
            return list.with(index, set(list.items().get(index), o, path, i + 1, kind));
        }
        if (!(current instanceof MapNode map)) {
            throw new Refused(String.join(".", path.subList(0, i)) + " is a single value, not a mapping, so it has no key '"
                    + seg + "'");
        }
        Node child = map.get(seg);
        if (last) {
            switch (kind) {
                case DELETE -> {
                    if (child == null) {
                        throw new Refused("cannot delete " + here + ": there is no such key");
                    }
                    if (o.value() != null && !sameScalar(child, o.value())) {
                        throw new Refused("cannot delete " + here + ": its value is not the one given");
                    }
                    return map.without(seg);
                }
                case SET -> {
                    if (child == null) {
                        throw new Refused("there is no key " + here + " to override; to add it write +" + o.key()
                                + "=..., or ++" + o.key() + "=... to add or replace");
                    }
                }
                case ADD -> {
                    if (child != null) {
                        throw new Refused("there is already a value at " + here + "; write " + o.key()
                                + "=... or ++" + o.key() + "=... to replace it");
                    }
                }
                default -> { }
            }
            return map.with(seg, o.value(), child == null ? o.origin() : map.keyOrigin(seg));
        }
        if (child == null || (child instanceof ScalarNode s && s.isNull() && kind != ConfigOverride.Kind.SET)) {
            if (kind == ConfigOverride.Kind.SET || kind == ConfigOverride.Kind.DELETE) {
                throw new Refused("there is no key " + here + (kind == ConfigOverride.Kind.SET ? "; to add "
                        + o.key() + " write +" + o.key() + "=... or ++" + o.key() + "=..." : ""));
            }
            child = MapNode.empty(o.origin());
        }
        return map.with(seg, set(child, o, path, i + 1, kind), child.origin() == o.origin() ? o.origin() : map.keyOrigin(seg));
    }

    private static int index(String seg, ListNode list, String here) throws Refused {
        if (!seg.chars().allMatch(Character::isDigit) || seg.isEmpty()) {
            throw new Refused(here + ": a list needs a number here, not '" + seg + "'");
        }
        int index;
        try {
            index = Integer.parseInt(seg);
        } catch (NumberFormatException e) {
            index = Integer.MAX_VALUE;
        }
        if (index >= list.items().size()) {
            throw new Refused(here + ": index " + seg + " is past the end of the list (" + list.items().size()
                    + " entries)");
        }
        return index;
    }

    private static boolean sameScalar(Node a, Node b) {
        return a instanceof ScalarNode x && b instanceof ScalarNode y && x.text().equals(y.text());
    }

    /** An override that cannot be applied; the message says why. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Task-name sugar: maps the task name in an override path to the index (or indices) of that task. */
    static final class TaskNameSugar {
        private final Map<String, List<Integer>> byName = new LinkedHashMap<>();
        private final Problems problems;

        TaskNameSugar(MapNode root, Problems problems) {
            this.problems = problems;
            if (root.get("evaluation") instanceof MapNode ev && ev.get("tasks") instanceof ListNode tasks) {
                for (int i = 0; i < tasks.items().size(); i++) {
                    if (tasks.items().get(i) instanceof MapNode t && t.get("name") instanceof ScalarNode n) {
                        byName.computeIfAbsent(n.text(), k -> new ArrayList<>()).add(i);
                    }
                }
            }
        }

        /** The index-based paths the override means; empty (after a problem) if the name is unknown or ambiguous. */
        List<List<String>> rewrite(ConfigOverride o) {
            List<String> rest = o.path().subList(2, o.path().size());
            String name = rest.get(0);
            int used = 1;
            if (rest.size() >= 2 && byName.containsKey(rest.get(0) + "." + rest.get(1))) {
                name = rest.get(0) + "." + rest.get(1);
                used = 2;
            }
            List<Integer> indices = lookup(name, o);
            if (indices.isEmpty()) {
                return List.of();
            }
            List<String> tail = rest.subList(used, rest.size());
            List<List<String>> out = new ArrayList<>();
            for (int idx : indices) {
                List<String> p = new ArrayList<>(List.of("evaluation", "tasks", Integer.toString(idx)));
                p.addAll(tail);
                out.add(p);
            }
            return out;
        }

        private List<Integer> lookup(String name, ConfigOverride o) {
            List<Integer> exact = byName.get(name);
            if (exact != null) {
                return unique(name, exact, o);
            }
            List<String> hits = byName.keySet().stream().filter(n -> n.endsWith("." + name)).toList();
            if (hits.size() == 1) {
                return unique(hits.get(0), byName.get(hits.get(0)), o);
            }
            if (hits.isEmpty()) {
                problems.add(o.origin(), o.key(), "no task named '" + name + "' in evaluation.tasks; tasks: "
                        + String.join(", ", byName.keySet()));
            } else {
                problems.add(o.origin(), o.key(), "task name '" + name + "' matches several tasks: "
                        + String.join(", ", hits) + "; write the full name");
            }
            return List.of();
        }

        private List<Integer> unique(String name, List<Integer> indices, ConfigOverride o) {
            if (indices.size() == 1) {
                return indices;
            }
            StringBuilder hint = new StringBuilder();
            for (int i : indices) {
                hint.append(hint.length() == 0 ? "" : " or ").append("evaluation.tasks.").append(i).append(".<key>=<value>");
            }
            problems.add(o.origin(), o.key(), "task '" + name + "' appears " + indices.size() + " times (at indices "
                    + indices + "); use the index instead: " + hint);
            return List.of();
        }
    }
}
