package io.jenkins.plugins.slurmevaluate.results;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How strictly scores are judged. The defaults are predictable: a threshold gate is a plain comparison, and a baseline
 * comparison fails only a drop that is both beyond {@code maxRegression} and statistically significant.
 *
 * @param confidence two-sided confidence level of the intervals, in (0, 1); default 0.95 (z ≈ 1.96)
 * @param strict when true, a verdict that could be noise becomes INCONCLUSIVE: a threshold inside the value's
 *     interval, a PASS without a stderr to back it, a regression check whose interval reaches past the allowed drop.
 *     Default false
 * @param maxRegression the drop against the baseline that is still allowed, ≥ 0; absolute ({@code 0.01}) or, when
 *     {@code maxRegressionRelative}, a fraction of the baseline value ({@code 0.01} = 1%). Default 0
 * @param maxRegressionRelative whether {@code maxRegression} is relative to the baseline value
 */
public record VerdictOptions(double confidence, boolean strict, double maxRegression, boolean maxRegressionRelative) {

    private static final Pattern AMOUNT = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?(%?)");

    public VerdictOptions {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " must lie strictly between 0 and 1"
                    + (confidence > 1 && confidence < 100 ? "; did you mean " + confidence / 100 + "?" : ""));
        }
        if (!(maxRegression >= 0) || Double.isInfinite(maxRegression)) {
            throw new IllegalArgumentException("max regression " + maxRegression + " must be a finite number >= 0");
        }
    }

    /** Confidence 0.95, not strict, no regression allowed. */
    public static VerdictOptions defaults() {
        return new VerdictOptions(0.95, false, 0, false);
    }

    public VerdictOptions withConfidence(double confidence) {
        return new VerdictOptions(confidence, strict, maxRegression, maxRegressionRelative);
    }

    public VerdictOptions withStrict(boolean strict) {
        return new VerdictOptions(confidence, strict, maxRegression, maxRegressionRelative);
    }

    /**
     * Sets the allowed regression from its written form: {@code 0.01} (absolute, in the score's own units) or
     * {@code 1%} (relative to the baseline value).
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public VerdictOptions withMaxRegression(String text) {
        String t = text == null ? "" : text.strip();
        var m = AMOUNT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("max regression '" + text + "' is not an amount; write an absolute drop "
                    + "such as 0.01 or a relative one such as 1%");
        }
        boolean relative = !m.group(3).isEmpty();
        double amount = Double.parseDouble(t.substring(0, t.length() - m.group(3).length()));
        return new VerdictOptions(confidence, strict, relative ? amount / 100 : amount, relative);
    }

    /** The allowed regression as it would be written: {@code 0.01} or {@code 1%}. */
    public String maxRegressionText() {
        return maxRegressionRelative ? Num.format(maxRegression * 100) + "%" : Num.format(maxRegression);
    }

    /** The confidence as a percentage for explanations: {@code 95%}. */
    String confidenceText() {
        return Num.format(confidence * 100).toLowerCase(Locale.ROOT) + "%";
    }
}
