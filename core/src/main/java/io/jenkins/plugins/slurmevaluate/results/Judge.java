package io.jenkins.plugins.slurmevaluate.results;

import io.jenkins.plugins.slurmevaluate.results.gate.Comparison;
import java.math.BigDecimal;
import java.util.OptionalDouble;

/**
 * The statistics of a verdict, kept apart from names and lookups so each rule can be read and tested alone.
 *
 * <p>Threshold: by default a plain comparison. In strict mode a verdict the noise could flip is INCONCLUSIVE: the
 * threshold lies strictly inside value ± z·stderr, or there is no stderr to back a PASS.
 *
 * <p>Regression against a baseline, with drop = how much worse the candidate is (baseline − candidate when higher is
 * better), allowed = max regression, and the drop's interval drop ± z·√(se_c² + se_b²):
 * <ul>
 *   <li>default: drop ≤ allowed → PASS; the whole interval above allowed → FAIL; else INCONCLUSIVE (could be noise).
 *       Without both stderrs, a drop beyond allowed is FAIL: nothing shows it is noise.</li>
 *   <li>strict: the whole interval ≤ allowed → PASS; the whole interval above allowed → FAIL; else INCONCLUSIVE.
 *       Without both stderrs: drop beyond allowed → FAIL, else INCONCLUSIVE.</li>
 * </ul>
 */
final class Judge {

    /** A verdict and the words that justify it (a fragment of the full explanation). */
    record Outcome(Verdict verdict, String text) {}

    private final VerdictOptions options;
    private final double z;
    private final String level;

    Judge(VerdictOptions options) {
        this.options = options;
        this.z = Normal.twoSidedZ(options.confidence());
        this.level = options.confidenceText();
    }

    /**
     * @param noisy whether the compared number has noise that strict mode should consider: true for a score's value,
     *     false for its stderr
     */
    Outcome threshold(double x, OptionalDouble stderr, Comparison op, String thresholdText, double t, boolean noisy) {
        boolean holds = op.test(x, t);
        String compared = holds ? " " + op.symbol() + " " + thresholdText : ", not " + op.symbol() + " " + thresholdText;
        if (!options.strict() || !op.isOrdering() || !noisy) {
            return new Outcome(holds ? Verdict.PASS : Verdict.FAIL, compared);
        }
        if (stderr.isEmpty()) {
            return holds
                    ? new Outcome(Verdict.INCONCLUSIVE, compared + ", but there is no stderr to tell the margin from noise (strict)")
                    : new Outcome(Verdict.FAIL, compared);
        }
        double half = z * stderr.getAsDouble();
        if (Num.exactDifference(x, t).abs().doubleValue() < half) {
            return new Outcome(Verdict.INCONCLUSIVE, compared + ", but " + thresholdText + " lies inside the " + level
                    + " interval [" + Num.derived(x - half) + ", " + Num.derived(x + half) + "] (strict)");
        }
        return new Outcome(holds ? Verdict.PASS : Verdict.FAIL, compared);
    }

    Outcome regression(double x, OptionalDouble seX, double b, OptionalDouble seB, boolean higherIsBetter) {
        BigDecimal drop = higherIsBetter ? Num.exactDifference(b, x) : Num.exactDifference(x, b);
        BigDecimal allowed = options.maxRegressionRelative()
                ? Num.exactProduct(options.maxRegression(), Math.abs(b)) : Num.decimal(options.maxRegression());
        // how far the drop exceeds the allowance (negative: room left); exact, so drop == allowed is not "beyond"
        double excess = drop.subtract(allowed).doubleValue();
        String allowedText = options.maxRegressionRelative()
                ? options.maxRegressionText() + " of the baseline = " + Num.derived(allowed.doubleValue())
                : options.maxRegressionText();
        String head = "baseline " + Num.format(b) + (seB.isPresent() ? " ± " + Num.format(seB.getAsDouble()) : "")
                + ", Δ " + Num.signed(Num.exactDifference(x, b).doubleValue()) + (higherIsBetter ? "" : " (lower is better)");
        if (seX.isEmpty() || seB.isEmpty()) {
            String noStderr = " (no stderr on " + (seX.isEmpty() && seB.isEmpty() ? "either side" : seX.isEmpty()
                    ? "the candidate" : "the baseline") + " to call it noise)";
            if (excess > 0) {
                return new Outcome(Verdict.FAIL, head + ", a drop beyond the allowed " + allowedText + noStderr);
            }
            return options.strict()
                    ? new Outcome(Verdict.INCONCLUSIVE, head + ", within the allowed drop " + allowedText
                            + ", but without a stderr on both sides the drop cannot be bounded (strict)")
                    : new Outcome(Verdict.PASS, head + ", within the allowed drop " + allowedText);
        }
        double half = z * Math.sqrt(seX.getAsDouble() * seX.getAsDouble() + seB.getAsDouble() * seB.getAsDouble());
        double d = drop.doubleValue();
        String interval = level + " interval of the drop [" + Num.derived(d - half) + ", " + Num.derived(d + half) + "]";
        if (excess > half) {
            return new Outcome(Verdict.FAIL, head + ", a drop beyond the allowed " + allowedText + " (" + interval + ")");
        }
        if (options.strict()) {
            return -excess >= half
                    ? new Outcome(Verdict.PASS, head + ", within the allowed drop " + allowedText + " (" + interval + ")")
                    : new Outcome(Verdict.INCONCLUSIVE, head + ", the " + interval + " reaches past the allowed "
                            + allowedText + " (strict)");
        }
        return excess <= 0
                ? new Outcome(Verdict.PASS, head + ", within the allowed drop " + allowedText)
                : new Outcome(Verdict.INCONCLUSIVE, head + ", a drop beyond the allowed " + allowedText
                        + " but within noise (" + interval + ")");
    }
}
