package io.jenkins.plugins.slurmevaluate.bench;

import java.util.Arrays;
import java.util.List;

/** Small statistics over samples. */
final class Stats {

    private Stats() {}

    /** The nearest-rank percentile {@code p} (0-100) of the values. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }

    static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
