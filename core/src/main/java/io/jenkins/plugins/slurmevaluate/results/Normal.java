package io.jenkins.plugins.slurmevaluate.results;

/**
 * The standard normal distribution, for the z of a confidence level. No library: the CDF is Marsaglia's series
 * (Journal of Statistical Software 11(4), 2004), whose terms are all positive so there is no cancellation, and the
 * quantile is found by bisection. Accurate to about 1e-12, far below the noise of any evaluation.
 */
final class Normal {

    private static final double INV_SQRT_2PI = 0.3989422804014327;

    private Normal() {}

    static double cdf(double x) {
        if (x < -10) {
            return 0;
        }
        if (x > 10) {
            return 1;
        }
        double sum = x;
        double term = x;
        double x2 = x * x;
        for (int i = 3; i < 2000 && sum + term != sum; i += 2) {
            term = term * x2 / i;
            sum += term;
        }
        return 0.5 + sum * Math.exp(-0.5 * x2) * INV_SQRT_2PI;
    }

    /** The z such that a central interval of ±z covers {@code confidence} (0.95 → 1.96). */
    static double twoSidedZ(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " must lie strictly between 0 and 1");
        }
        double target = 0.5 + confidence / 2;
        double lo = 0;
        double hi = 10;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (cdf(mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
