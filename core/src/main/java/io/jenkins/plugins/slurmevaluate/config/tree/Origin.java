package io.jenkins.plugins.slurmevaluate.config.tree;

import java.util.Comparator;

/**
 * Where a config value came from: a position in a YAML file (the user's or a bundled config group), or a
 * {@code -o} override on the command line. Every node of the config tree carries one, so every problem can be
 * reported as {@code file:line:column}.
 *
 * @param kind     what kind of source this is; also the first sort key (user file first, overrides last)
 * @param source   the file name as shown to the user, the bundled group path, or the override text
 * @param line     1-based line, 0 for an override or an unknown position
 * @param column   1-based column, 0 for an override or an unknown position
 * @param sequence orders overrides among themselves (their position on the command line)
 */
public record Origin(Kind kind, String source, int line, int column, int sequence) implements Comparable<Origin> {

    /** The kinds of source, in the order problems are listed. */
    public enum Kind {
        FILE,
        BUNDLED,
        OVERRIDE,
        UNKNOWN
    }

    /** Used for values that no file or override wrote, such as a default filled in by the code. */
    public static final Origin UNKNOWN = new Origin(Kind.UNKNOWN, "<default>", 0, 0, 0);

    private static final Comparator<Origin> ORDER = Comparator.comparing(Origin::kind)
            .thenComparingInt(Origin::sequence)
            .thenComparing(Origin::source)
            .thenComparingInt(Origin::line)
            .thenComparingInt(Origin::column);

    public static Origin file(String name, int line, int column) {
        return new Origin(Kind.FILE, name, line, column, 0);
    }

    public static Origin bundled(String groupPath, int line, int column) {
        return new Origin(Kind.BUNDLED, groupPath, line, column, 0);
    }

    /** @param index position of the override among all {@code -o} options, from 0 */
    public static Origin override(int index, String text) {
        return new Origin(Kind.OVERRIDE, text, 0, 0, index);
    }

    /** Where the marker or value came from, for messages: "the bundled group deployment/vllm.yaml", "eval.yaml". */
    public String describeSource() {
        return switch (kind) {
            case FILE -> source;
            case BUNDLED -> "the bundled config group " + source;
            case OVERRIDE -> "the override -o " + source;
            case UNKNOWN -> "a built-in default";
        };
    }

    @Override
    public int compareTo(Origin other) {
        return ORDER.compare(this, other);
    }

    /** {@code eval.yaml:7:13}, {@code <bundled deployment/vllm.yaml>:18:18} or {@code <override -o a.b=c>}. */
    @Override
    public String toString() {
        return switch (kind) {
            case FILE -> source + ":" + line + ":" + column;
            case BUNDLED -> "<bundled " + source + ">:" + line + ":" + column;
            case OVERRIDE -> "<override -o " + source + ">";
            case UNKNOWN -> source;
        };
    }
}
