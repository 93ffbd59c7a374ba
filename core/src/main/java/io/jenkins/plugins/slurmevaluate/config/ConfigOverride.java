package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import java.util.List;

/**
 * One parsed {@code -o} option.
 *
 * @param kind  what to do
 * @param key   the dotted key as written, without its prefix
 * @param path  the key split into segments
 * @param value the parsed value; null for a delete without a value
 */
record ConfigOverride(Kind kind, String key, List<String> path, Node value, Origin origin) {

    enum Kind {
        /** {@code a.b=c}: the key must exist. */
        SET,
        /** {@code +a.b=c}: the key must not exist yet. */
        ADD,
        /** {@code ++a.b=c}: set, creating the key if needed. */
        FORCE,
        /** {@code ~a.b} or {@code ~a.b=c}: delete. */
        DELETE,
        /** {@code deployment=sglang}: choose another option of a config group. */
        GROUP
    }

    /** {@code evaluation.tasks.<name>...} where {@code <name>} is not an index: the task-name sugar. */
    boolean isTaskNameSugar() {
        return path.size() > 2 && path.get(0).equals("evaluation") && path.get(1).equals("tasks")
                && !path.get(2).chars().allMatch(Character::isDigit);
    }
}
