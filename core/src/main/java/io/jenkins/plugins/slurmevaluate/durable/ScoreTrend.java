package io.jenkins.plugins.slurmevaluate.durable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every score across a series of evaluations (builds, oldest first), ready to draw as one row of bars per score: a
 * cell per evaluation with the value as text and its bar length in percent. Bars of a score share one scale: 0..1
 * when every value lies in it (accuracies), else 0..the largest absolute value. A missing or non-finite value is an
 * empty cell.
 */
public final class ScoreTrend {

    private final List<String> labels;
    private final List<Series> series;

    private ScoreTrend(List<String> labels, List<Series> series) {
        this.labels = List.copyOf(labels);
        this.series = List.copyOf(series);
    }

    /** @param results label (such as {@code #12}) → that evaluation's result, oldest first */
    public static ScoreTrend of(Map<String, EvaluationResult> results) {
        Set<String> keys = new LinkedHashSet<>();
        results.values().forEach(r -> r.getScores().forEach(s -> keys.add(s.getKey())));
        List<Series> rows = new ArrayList<>();
        for (String key : keys) {
            Map<String, Double> values = new LinkedHashMap<>();
            results.forEach((label, r) -> values.put(label, r.getScores().stream().filter(s -> s.getKey().equals(key))
                    .map(EvaluationResult.Score::getValue).filter(v -> v != null && Double.isFinite(v)).findFirst().orElse(null)));
            double max = values.values().stream().filter(v -> v != null).mapToDouble(Math::abs).max().orElse(1);
            double scale = max <= 1 ? 1 : max;
            List<Cell> cells = new ArrayList<>();
            values.forEach((label, v) -> cells.add(v == null ? new Cell(label, "", 0)
                    : new Cell(label, format(v), (int) Math.round(Math.max(0, Math.min(100, 100 * v / scale))))));
            rows.add(new Series(key, cells));
        }
        return new ScoreTrend(new ArrayList<>(results.keySet()), rows);
    }

    /** The evaluations' labels, oldest first. */
    public List<String> getLabels() {
        return labels;
    }

    /** One row per score key, in the order the keys first appear. */
    public List<Series> getSeries() {
        return series;
    }

    public boolean isEmpty() {
        return series.isEmpty();
    }

    /** A score for display: four decimals at most, trailing zeros dropped; empty for none. */
    static String text(Double v) {
        return v == null ? "" : Double.isFinite(v) ? format(v) : v.toString();
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** One score across the evaluations. */
    public static final class Series {
        private final String key;
        private final List<Cell> cells;

        Series(String key, List<Cell> cells) {
            this.key = key;
            this.cells = List.copyOf(cells);
        }

        public String getKey() {
            return key;
        }

        public List<Cell> getCells() {
            return cells;
        }
    }

    /** One score of one evaluation. */
    public static final class Cell {
        private final String label;
        private final String value;
        private final int percent;

        Cell(String label, String value, int percent) {
            this.label = label;
            this.value = value;
            this.percent = percent;
        }

        public String getLabel() {
            return label;
        }

        /** The value as text, empty when the evaluation has no such score. */
        public String getValue() {
            return value;
        }

        /** Bar length, 0 to 100. */
        public int getPercent() {
            return percent;
        }
    }
}
