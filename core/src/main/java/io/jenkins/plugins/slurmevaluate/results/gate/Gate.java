package io.jenkins.plugins.slurmevaluate.results.gate;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One parsed gate, e.g. {@code hellaswag.acc_norm >= 0.80} or {@code mmlu.acc <= baseline}.
 *
 * <p>The path is kept as written: task, group, metric and score names may themselves contain dots and dashes
 * ({@code lm-evaluation-harness.hellaswag}, {@code strict-match}), so it can only be split by matching it against the
 * names a results.yml actually has. That happens when the gate is evaluated.
 *
 * @param expression the gate as written (trimmed)
 * @param path the part before the operator: {@code <task-or-group>.<metric>[.<score>][.value|.stderr]}
 * @param comparison the operator
 * @param threshold the number to compare with; empty for a baseline gate ({@code >= baseline})
 * @param thresholdText the threshold as written ({@code 0.80}), or {@code baseline}
 */
public record Gate(String expression, String path, Comparison comparison, OptionalDouble threshold, String thresholdText) {

    /** The word that makes a gate compare with the baseline instead of a number. */
    public static final String BASELINE = "baseline";

    public Gate {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(thresholdText, "thresholdText");
    }

    /**
     * True for {@code <path> >= baseline} (higher is better) and {@code <path> <= baseline} (lower is better): the gate
     * passes unless the score regressed against the baseline by more than the allowed amount.
     */
    public boolean comparesWithBaseline() {
        return threshold.isEmpty();
    }

    @Override
    public String toString() {
        return expression;
    }
}
