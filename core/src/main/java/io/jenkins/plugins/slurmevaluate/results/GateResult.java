package io.jenkins.plugins.slurmevaluate.results;

import io.jenkins.plugins.slurmevaluate.results.gate.Gate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The verdict on one gate, or on one task that produced no results, with the numbers behind it and a sentence that
 * explains it: {@code hellaswag.acc_norm = 0.8123 ± 0.0039 >= 0.80 → PASS}.
 */
public final class GateResult {

    private final String name;
    private final Gate gate;
    private final Verdict verdict;
    private final String explanation;
    private final String taskDir;
    private final String key;
    private final String field;
    private final OptionalDouble value;
    private final OptionalDouble stderr;
    private final OptionalDouble baselineValue;
    private final OptionalDouble baselineStderr;

    private GateResult(Builder b, Verdict verdict, String explanation) {
        this.name = b.name;
        this.gate = b.gate;
        this.verdict = Objects.requireNonNull(verdict);
        this.explanation = Objects.requireNonNull(explanation);
        this.taskDir = b.taskDir;
        this.key = b.key;
        this.field = b.field;
        this.value = b.value;
        this.stderr = b.stderr;
        this.baselineValue = b.baselineValue;
        this.baselineStderr = b.baselineStderr;
    }

    /** The gate as written, or {@code <task dir> produced results} for a task check. */
    public String name() {
        return name;
    }

    /** The gate; empty for the check that a task produced results, which the evaluation adds by itself. */
    public Optional<Gate> gate() {
        return Optional.ofNullable(gate);
    }

    public Verdict verdict() {
        return verdict;
    }

    /** One sentence, ending in {@code → PASS}, {@code → FAIL} or {@code → INCONCLUSIVE}. */
    public String explanation() {
        return explanation;
    }

    /** The task directory whose score was judged (or which produced nothing). */
    public Optional<String> taskDir() {
        return Optional.ofNullable(taskDir);
    }

    /** The flattened name of the judged score, {@code <task-or-group>.<metric>.<score>}; empty if not found. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** {@code value} or {@code stderr}: which field of the score the gate compared. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The score's value, whichever field was compared. */
    public OptionalDouble value() {
        return value;
    }

    public OptionalDouble stderr() {
        return stderr;
    }

    /** The gate's number; empty for a baseline gate or a task check. */
    public OptionalDouble threshold() {
        return gate == null ? OptionalDouble.empty() : gate.threshold();
    }

    public OptionalDouble baselineValue() {
        return baselineValue;
    }

    public OptionalDouble baselineStderr() {
        return baselineStderr;
    }

    /** Candidate minus baseline value (on their decimal forms, so 0.80 − 0.81 is −0.01), when both are known. */
    public OptionalDouble delta() {
        return value.isPresent() && baselineValue.isPresent()
                ? OptionalDouble.of(Num.exactDifference(value.getAsDouble(), baselineValue.getAsDouble()).doubleValue())
                : OptionalDouble.empty();
    }

    @Override
    public String toString() {
        return explanation;
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    /** Collects what is known while a gate is judged; {@link #done} seals it. */
    static final class Builder {
        private final String name;
        private Gate gate;
        private String taskDir;
        private String key;
        private String field;
        private OptionalDouble value = OptionalDouble.empty();
        private OptionalDouble stderr = OptionalDouble.empty();
        private OptionalDouble baselineValue = OptionalDouble.empty();
        private OptionalDouble baselineStderr = OptionalDouble.empty();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        Builder gate(Gate gate) {
            this.gate = gate;
            return this;
        }

        Builder taskDir(String taskDir) {
            this.taskDir = taskDir;
            return this;
        }

        Builder score(String taskDir, String key, String field, double value, OptionalDouble stderr) {
            this.taskDir = taskDir;
            this.key = key;
            this.field = field;
            this.value = OptionalDouble.of(value);
            this.stderr = stderr;
            return this;
        }

        Builder baseline(double value, OptionalDouble stderr) {
            this.baselineValue = OptionalDouble.of(value);
            this.baselineStderr = stderr;
            return this;
        }

        /** @param explanation the sentence without its verdict; {@code → VERDICT} is appended */
        GateResult done(Verdict verdict, String explanation) {
            return new GateResult(this, verdict, explanation + " → " + verdict);
        }
    }
}
