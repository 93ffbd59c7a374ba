package io.jenkins.plugins.slurmevaluate.results;

import java.util.Collection;

/**
 * The outcome of a gate and of a whole evaluation. The Jenkins step maps PASS to SUCCESS, FAIL to FAILURE and
 * INCONCLUSIVE to UNSTABLE: an inconclusive evaluation never counts as passed.
 */
public enum Verdict {
    PASS,
    /** The evidence says the score is not good enough, or a score the gate needs is missing (fail closed). */
    FAIL,
    /** The score may or may not be good enough: the difference is within noise. Not a pass. */
    INCONCLUSIVE;

    /** The worse of two verdicts: FAIL over INCONCLUSIVE over PASS. */
    public Verdict and(Verdict other) {
        if (this == FAIL || other == FAIL) {
            return FAIL;
        }
        return this == INCONCLUSIVE || other == INCONCLUSIVE ? INCONCLUSIVE : PASS;
    }

    /**
     * The overall verdict: any FAIL → FAIL; else any INCONCLUSIVE → INCONCLUSIVE; else PASS. No verdicts at all is FAIL:
     * an evaluation with nothing to show has not passed.
     */
    public static Verdict overall(Collection<Verdict> verdicts) {
        return verdicts.stream().reduce(Verdict::and).orElse(FAIL);
    }
}
