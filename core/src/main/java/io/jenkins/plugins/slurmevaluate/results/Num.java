package io.jenkins.plugins.slurmevaluate.results;

import java.math.BigDecimal;

/** Number formatting for explanations: short, exact enough to check by hand, never scientific for scores. */
final class Num {

    private Num() {}

    /** {@code 0.8123}, {@code 0.8}, {@code 12}, {@code NaN}; the shortest text that reads back as the same double. */
    static String format(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        if (x == 0) {
            return "0";
        }
        double abs = Math.abs(x);
        if (abs >= 1e-6 && abs < 1e15) {
            return new BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
        }
        return Double.toString(x);
    }

    /**
     * For numbers that may carry binary noise from arithmetic (a stderr computed by a harness): ten significant digits,
     * so {@code 0.19999999999999998} reads {@code 0.2} while any value a harness wrote by hand stays as written.
     */
    static String readable(double x) {
        return significant(x, 10);
    }

    /** At most {@code digits} significant digits, trailing zeros dropped: for a standard error, 0.2449489743 → 0.2449. */
    static String significant(double x, int digits) {
        if (!Double.isFinite(x) || x == 0) {
            return format(x);
        }
        return format(new BigDecimal(x).round(new java.math.MathContext(digits)).doubleValue());
    }

    /** Four significant decimals for derived numbers (intervals, deltas), which have no "as written" form. */
    static String derived(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        double abs = Math.abs(x);
        if (abs != 0 && (abs < 1e-4 || abs >= 1e6)) {
            return String.format(java.util.Locale.ROOT, "%.3e", x);
        }
        return new BigDecimal(String.format(java.util.Locale.ROOT, "%.4f", x)).stripTrailingZeros().toPlainString();
    }

    /**
     * {@code a - b} computed on the decimal forms of the numbers, as results.yml and the gate wrote them, so that
     * 0.81 − 0.80 is exactly 0.01 and a drop equal to the allowed one is not failed by a rounding error.
     */
    static BigDecimal exactDifference(double a, double b) {
        return decimal(a).subtract(decimal(b));
    }

    /** {@code a * b} on decimal forms; see {@link #exactDifference}. */
    static BigDecimal exactProduct(double a, double b) {
        return decimal(a).multiply(decimal(b));
    }

    /** The decimal a finite double was read from (its shortest round-tripping form). */
    static BigDecimal decimal(double x) {
        return new BigDecimal(Double.toString(x));
    }

    /** Signed, for deltas: {@code +0.0012}, {@code -0.03}. */
    static String signed(double x) {
        String s = derived(x);
        return x > 0 ? "+" + s : s;
    }
}
