package io.jenkins.plugins.slurmevaluate.results.model;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One score of a metric, as nemo-evaluator writes it under {@code scores.<name>}: the value and the two statistics the
 * gates use. The value may be NaN or infinite when the harness wrote that; gates treat a non-finite value as a failure.
 *
 * @param name the score's name, e.g. {@code acc_norm} or {@code strict-match}
 * @param value {@code value}, as written (NaN and infinities kept)
 * @param stderr {@code stats.stderr} when present, finite and not negative
 * @param count {@code stats.count} (number of samples) when present
 */
public record Score(String name, double value, OptionalDouble stderr, OptionalLong count) {

    public Score {
        Names.check("score", name);
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(count, "count");
        if (stderr.isPresent() && !(stderr.getAsDouble() >= 0 && Double.isFinite(stderr.getAsDouble()))) {
            throw new IllegalArgumentException("stderr of score " + name + " must be finite and >= 0, not " + stderr.getAsDouble());
        }
    }

    /** A score without statistics. */
    public static Score of(String name, double value) {
        return new Score(name, value, OptionalDouble.empty(), OptionalLong.empty());
    }

    /** A score with a standard error. */
    public static Score of(String name, double value, double stderr) {
        return new Score(name, value, OptionalDouble.of(stderr), OptionalLong.empty());
    }

    // Records compare doubles with Double.compare, so NaN equals NaN here: what a round trip needs.
}
