package io.jenkins.plugins.slurmevaluate.results.gate;

/** The operator of a gate. {@code ==} and {@code !=} compare exactly, as the numbers were written. */
public enum Comparison {
    AT_LEAST(">="),
    ABOVE(">"),
    AT_MOST("<="),
    BELOW("<"),
    EQUAL("=="),
    NOT_EQUAL("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** True if {@code value <op> threshold}; false whenever either side is NaN. */
    public boolean test(double value, double threshold) {
        return switch (this) {
            case AT_LEAST -> value >= threshold;
            case ABOVE -> value > threshold;
            case AT_MOST -> value <= threshold;
            case BELOW -> value < threshold;
            case EQUAL -> value == threshold;
            case NOT_EQUAL -> value != threshold && !Double.isNaN(value) && !Double.isNaN(threshold);
        };
    }

    /** True for {@code >=, >, <=, <}: the operators that say which direction is better. */
    public boolean isOrdering() {
        return this != EQUAL && this != NOT_EQUAL;
    }

    /** For an ordering operator: true if higher values are better ({@code >=, >}). */
    public boolean higherIsBetter() {
        return this == AT_LEAST || this == ABOVE;
    }

    static Comparison fromSymbol(String symbol) {
        for (Comparison c : values()) {
            if (c.symbol.equals(symbol)) {
                return c;
            }
        }
        return null;
    }
}
