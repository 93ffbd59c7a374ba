package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import java.util.Comparator;
import java.util.Objects;

/**
 * One mistake in a config: where it is, which key it is about, and what to do about it.
 *
 * @param origin  the file position (or override) of the value at fault
 * @param keyPath the dotted key path, such as {@code execution.walltime} or {@code evaluation.tasks[1].name}
 * @param message what is wrong and how to fix it, in one sentence or two
 */
public record ConfigProblem(Origin origin, String keyPath, String message) implements Comparable<ConfigProblem> {

    private static final Comparator<ConfigProblem> ORDER = Comparator.comparing(ConfigProblem::origin)
            .thenComparing(ConfigProblem::keyPath)
            .thenComparing(ConfigProblem::message);

    public ConfigProblem {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(message, "message");
    }

    /** The file (or override text) of the origin. */
    public String file() {
        return origin.source();
    }

    public int line() {
        return origin.line();
    }

    public int column() {
        return origin.column();
    }

    @Override
    public int compareTo(ConfigProblem other) {
        return ORDER.compare(this, other);
    }

    /** {@code execution.walltime at eval.yaml:7:13: unquoted 4:00:00 is ...}. */
    @Override
    public String toString() {
        return (keyPath.isEmpty() ? "config" : keyPath) + " at " + origin + ": " + message;
    }
}
