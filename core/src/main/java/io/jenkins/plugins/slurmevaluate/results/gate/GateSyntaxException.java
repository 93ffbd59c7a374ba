package io.jenkins.plugins.slurmevaluate.results.gate;

/**
 * A gate that does not follow {@code <task-or-group>.<metric>[.<score>][.value|.stderr] <op> <number|baseline>}. Thrown
 * while parsing, before any job is submitted. The message says what is wrong and points at it:
 * <pre>
 * gate 2: '=&gt;' is not an operator; did you mean &gt;=?
 *   hellaswag.acc_norm =&gt; 0.8
 *                      ^
 * </pre>
 */
public final class GateSyntaxException extends IllegalArgumentException {

    private final String expression;
    private final int column;
    private final String problem;

    GateSyntaxException(String label, String expression, int column, String problem) {
        super(label + ": " + problem + "\n  " + printable(expression) + "\n  " + " ".repeat(column) + "^");
        this.expression = expression;
        this.column = column;
        this.problem = problem;
    }

    /** The gate as written. */
    public String expression() {
        return expression;
    }

    /** 0-based position (in code points) of the offending text. */
    public int column() {
        return column;
    }

    /** The problem alone, without the position lines. */
    public String problem() {
        return problem;
    }

    /** Control characters would break the caret line or a log; show them as '?' (one code point each). */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
