package io.jenkins.plugins.slurmevaluate.results;

import static io.jenkins.plugins.slurmevaluate.results.Build.invocation;
import static io.jenkins.plugins.slurmevaluate.results.Build.metric;
import static io.jenkins.plugins.slurmevaluate.results.Build.node;
import static io.jenkins.plugins.slurmevaluate.results.Build.run;
import static io.jenkins.plugins.slurmevaluate.results.Build.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.results.gate.Gates;
import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import io.jenkins.plugins.slurmevaluate.results.read.ResultsFormatException;
import io.jenkins.plugins.slurmevaluate.results.read.ResultsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictsTest {

    @TempDir
    Path tmp;

    private static final VerdictOptions DEFAULTS = VerdictOptions.defaults();

    /** hellaswag.acc_norm = 0.8123 ± 0.0039, as in the fixture. */
    private static Invocation hellaswag(double value, double stderr) {
        return invocation(run("hellaswag.0", "hellaswag", node("hellaswag", metric("acc_norm", value, stderr))));
    }

    private static GateResult judge(Invocation results, String gate, VerdictOptions options) {
        return Verdicts.evaluate(results, Gates.parse(List.of(gate)), options).results().get(0);
    }

    private static GateResult judge(Invocation results, String gate, Invocation baseline, VerdictOptions options) {
        return Verdicts.evaluate(results, Gates.parse(List.of(gate)), baseline, options).results().get(0);
    }

    @Test
    void aScoreThatMeetsItsThresholdPassesWithAnExplanation() {
        GateResult r = judge(hellaswag(0.8123, 0.0039), "hellaswag.acc_norm >= 0.80", DEFAULTS);

        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.explanation()).isEqualTo("hellaswag.acc_norm = 0.8123 ± 0.0039 >= 0.80 → PASS");
        assertThat(r.key()).contains("hellaswag.acc_norm.acc_norm");
        assertThat(r.taskDir()).contains("hellaswag.0");
        assertThat(r.field()).contains("value");
        assertThat(r.value()).hasValue(0.8123);
        assertThat(r.stderr()).hasValue(0.0039);
        assertThat(r.threshold()).hasValue(0.8);
    }

    @Test
    void aComputedStandardErrorIsShownWithoutItsBinaryNoise() {
        GateResult r = judge(hellaswag(0.8, 0.19999999999999998), "hellaswag.acc_norm >= 0.5", DEFAULTS);

        assertThat(r.explanation()).isEqualTo("hellaswag.acc_norm = 0.8 ± 0.2 >= 0.5 → PASS");
        assertThat(r.stderr()).hasValue(0.19999999999999998);
    }

    @Test
    void aLongStandardErrorIsShownToFourSignificantDigits() {
        GateResult r = judge(hellaswag(0.4, 0.24494897427831783), "hellaswag.acc_norm >= 0.2", DEFAULTS);

        assertThat(r.explanation()).isEqualTo("hellaswag.acc_norm = 0.4 ± 0.2449 >= 0.2 → PASS");
    }

    @Test
    void aScoreBelowItsThresholdFails() {
        GateResult r = judge(hellaswag(0.79, 0.0041), "hellaswag.acc_norm >= 0.80", DEFAULTS);

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.explanation()).isEqualTo("hellaswag.acc_norm = 0.79 ± 0.0041, not >= 0.80 → FAIL");
    }

    @Test
    void byDefaultAThresholdIsAPlainComparisonEvenInsideTheNoise() {
        assertThat(judge(hellaswag(0.8001, 0.0039), "hellaswag.acc_norm >= 0.80", DEFAULTS).verdict()).isEqualTo(Verdict.PASS);
        assertThat(judge(hellaswag(0.80, 0.0039), "hellaswag.acc_norm >= 0.80", DEFAULTS).verdict()).isEqualTo(Verdict.PASS);
        assertThat(judge(hellaswag(0.7999, 0.0039), "hellaswag.acc_norm >= 0.80", DEFAULTS).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(judge(hellaswag(0.80, 0.0039), "hellaswag.acc_norm > 0.80", DEFAULTS).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void strictModeMakesAThresholdInsideTheIntervalInconclusiveEitherWay() {
        VerdictOptions strict = DEFAULTS.withStrict(true);

        GateResult above = judge(hellaswag(0.8050, 0.0039), "hellaswag.acc_norm >= 0.80", strict);
        GateResult below = judge(hellaswag(0.7950, 0.0039), "hellaswag.acc_norm >= 0.80", strict);

        assertThat(above.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(above.explanation()).isEqualTo("hellaswag.acc_norm = 0.805 ± 0.0039 >= 0.80, but 0.80 lies inside the "
                + "95% interval [0.7974, 0.8126] (strict) → INCONCLUSIVE");
        assertThat(below.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(below.explanation()).startsWith("hellaswag.acc_norm = 0.795 ± 0.0039, not >= 0.80, but 0.80 lies inside");
    }

    @Test
    void strictModeKeepsVerdictsThatAreClearOfTheNoise() {
        VerdictOptions strict = DEFAULTS.withStrict(true);

        assertThat(judge(hellaswag(0.8123, 0.0039), "hellaswag.acc_norm >= 0.80", strict).verdict()).isEqualTo(Verdict.PASS);
        assertThat(judge(hellaswag(0.7877, 0.0039), "hellaswag.acc_norm >= 0.80", strict).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void strictModeCannotBackAPassWithoutAStderrButKeepsAFail() {
        VerdictOptions strict = DEFAULTS.withStrict(true);
        Invocation noStderr = invocation(run("mt.0", "mt", node("mt", metric("score", score("score", 8.2)))));

        GateResult pass = judge(noStderr, "mt.score >= 7", strict);
        GateResult fail = judge(noStderr, "mt.score >= 9", strict);

        assertThat(pass.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(pass.explanation()).isEqualTo("mt.score = 8.2 >= 7, but there is no stderr to tell the margin from "
                + "noise (strict) → INCONCLUSIVE");
        assertThat(fail.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void strictModeLeavesEqualityAndStderrGatesPlain() {
        VerdictOptions strict = DEFAULTS.withStrict(true);

        assertThat(judge(hellaswag(0.8, 0.0039), "hellaswag.acc_norm == 0.8", strict).verdict()).isEqualTo(Verdict.PASS);
        assertThat(judge(hellaswag(0.8, 0.0039), "hellaswag.acc_norm.stderr < 0.004", strict).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aStderrGateComparesTheStderrAndFailsWhenThereIsNone() {
        Invocation mmlu = invocation(run("mmlu.0", "mmlu", List.of(), List.of(node("mmlu", metric("acc", score("acc", 0.68))))));

        GateResult ok = judge(hellaswag(0.8123, 0.0039), "hellaswag.acc_norm.stderr < 0.01", DEFAULTS);
        GateResult missing = judge(mmlu, "mmlu.acc.stderr < 0.01", DEFAULTS);

        assertThat(ok.explanation()).isEqualTo("hellaswag.acc_norm.stderr = 0.0039 < 0.01 → PASS");
        assertThat(ok.field()).contains("stderr");
        assertThat(missing.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(missing.explanation()).isEqualTo("mmlu.acc.stderr: missing: mmlu.acc.acc in mmlu.0 has no stats.stderr → FAIL");
    }

    @Test
    void aNanScoreFailsWhateverTheGateSays() {
        Invocation nan = invocation(run("ifeval.0", "ifeval", node("ifeval", metric("acc", score("acc", Double.NaN)))));

        GateResult r = judge(nan, "ifeval.acc != 0.5", DEFAULTS);

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.explanation()).isEqualTo("ifeval.acc = NaN, not a finite number (the harness wrote NaN) → FAIL");
    }

    @Test
    void aMissingMetricFailsClosedWithTheReason() {
        GateResult r = judge(hellaswag(0.8123, 0.0039), "hellaswag.acc >= 0.5", DEFAULTS);

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.explanation()).isEqualTo("hellaswag.acc: missing: hellaswag (task in hellaswag.0) has no metric 'acc'; "
                + "its metrics: acc_norm → FAIL");
    }

    @Test
    void aTaskWithoutResultsFailsTheEvaluationEvenIfNoGateNamesIt() {
        Invocation results = invocation(
                run("hellaswag.0", "hellaswag", node("hellaswag", metric("acc_norm", 0.8123, 0.0039))),
                TaskRun.missing("gsm8k.1", "artifacts/results.yml not found in /runs/gsm8k.1 (the task did not finish)"));

        GateReport report = Verdicts.evaluate(results, Gates.parse(List.of("hellaswag.acc_norm >= 0.80")), DEFAULTS);

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.results()).extracting(GateResult::explanation).containsExactly(
                "hellaswag.acc_norm = 0.8123 ± 0.0039 >= 0.80 → PASS",
                "task hellaswag.0 produced 1 score → PASS",
                "task gsm8k.1 produced no results: artifacts/results.yml not found in /runs/gsm8k.1 (the task did not "
                        + "finish) → FAIL");
    }

    @Test
    void anInvocationWithoutAnyTaskFails() {
        GateReport report = Verdicts.evaluate(invocation(), List.of(), DEFAULTS);

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.results()).extracting(GateResult::explanation)
                .containsExactly("no task results at all in /results/inv → FAIL");
    }

    @Test
    void withoutGatesCompleteResultsPass() {
        assertThat(Verdicts.evaluate(hellaswag(0.5, 0.01), List.of(), DEFAULTS).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void theOverallVerdictIsTheWorstOfAllGates() {
        Invocation results = hellaswag(0.8050, 0.0039);
        VerdictOptions strict = DEFAULTS.withStrict(true);

        assertThat(Verdicts.evaluate(results, Gates.parse(List.of("hellaswag.acc_norm >= 0.7",
                "hellaswag.acc_norm >= 0.80")), strict).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdicts.evaluate(results, Gates.parse(List.of("hellaswag.acc_norm >= 0.80",
                "hellaswag.acc_norm >= 0.9")), strict).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(Verdicts.evaluate(results, Gates.parse(List.of("hellaswag.acc_norm >= 0.7")), strict).verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void aDropWithinTheAllowedRegressionPasses() {
        GateResult r = judge(hellaswag(0.8123, 0.0039), "hellaswag.acc_norm >= 0.80", hellaswag(0.8150, 0.0040),
                DEFAULTS.withMaxRegression("0.01"));

        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.explanation()).isEqualTo("hellaswag.acc_norm = 0.8123 ± 0.0039 >= 0.80; baseline 0.815 ± 0.004, "
                + "Δ -0.0027, within the allowed drop 0.01 → PASS");
        assertThat(r.baselineValue()).hasValue(0.815);
        assertThat(r.baselineStderr()).hasValue(0.004);
        assertThat(r.delta().getAsDouble()).isCloseTo(-0.0027, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aSignificantDropBeyondTheAllowedRegressionFails() {
        GateResult r = judge(hellaswag(0.7900, 0.0040), "hellaswag.acc_norm >= baseline", hellaswag(0.8150, 0.0040),
                DEFAULTS.withMaxRegression("0.01"));

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.explanation()).isEqualTo("hellaswag.acc_norm = 0.79 ± 0.004; baseline 0.815 ± 0.004, Δ -0.025, a "
                + "drop beyond the allowed 0.01 (95% interval of the drop [0.0139, 0.0361]) → FAIL");
    }

    @Test
    void aDropBeyondTheAllowedRegressionThatCouldBeNoiseIsInconclusive() {
        GateResult r = judge(hellaswag(0.8000, 0.0040), "hellaswag.acc_norm >= baseline", hellaswag(0.8150, 0.0040),
                DEFAULTS.withMaxRegression("0.01"));

        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.explanation()).isEqualTo("hellaswag.acc_norm = 0.8 ± 0.004; baseline 0.815 ± 0.004, Δ -0.015, a drop "
                + "beyond the allowed 0.01 but within noise (95% interval of the drop [0.0039, 0.0261]) → INCONCLUSIVE");
    }

    @Test
    void aRelativeRegressionIsAFractionOfTheBaseline() {
        VerdictOptions onePercent = DEFAULTS.withMaxRegression("1%");

        GateResult r = judge(hellaswag(0.8100, 0.0), "hellaswag.acc_norm >= baseline", hellaswag(0.8200, 0.0), onePercent);

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.explanation()).contains("a drop beyond the allowed 1% of the baseline = 0.0082 (95% interval of the drop "
                + "[0.01, 0.01])");
        assertThat(judge(hellaswag(0.8120, 0.0), "hellaswag.acc_norm >= baseline", hellaswag(0.8200, 0.0), onePercent)
                .verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aLowerIsBetterGateCountsARiseAsTheDrop() {
        Invocation baseline = invocation(run("wiki.0", "wiki", node("wiki", metric("word_perplexity", 10.0, 0.1))));
        Invocation worse = invocation(run("wiki.0", "wiki", node("wiki", metric("word_perplexity", 11.0, 0.1))));
        Invocation better = invocation(run("wiki.0", "wiki", node("wiki", metric("word_perplexity", 9.0, 0.1))));

        GateResult r = judge(worse, "wiki.word_perplexity <= baseline", baseline, DEFAULTS.withMaxRegression("0.5"));

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.explanation()).contains("Δ +1 (lower is better), a drop beyond the allowed 0.5");
        assertThat(judge(better, "wiki.word_perplexity <= baseline", baseline, DEFAULTS).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aBaselineGateWithoutABaselineFails() {
        GateResult r = judge(hellaswag(0.8123, 0.0039), "hellaswag.acc_norm >= baseline", DEFAULTS);

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.explanation()).isEqualTo("hellaswag.acc_norm = 0.8123 ± 0.0039; missing: no baseline was given to "
                + "compare with → FAIL");
    }

    @Test
    void aScoreTheBaselineLacksFailsABaselineGateButLeavesAThresholdGateToItsThreshold() {
        Invocation baseline = invocation(run("gsm8k.0", "gsm8k", node("gsm8k", metric("acc", 0.7, 0.01))));

        GateResult explicit = judge(hellaswag(0.8123, 0.0039), "hellaswag.acc_norm >= baseline", baseline, DEFAULTS);
        GateResult threshold = judge(hellaswag(0.8123, 0.0039), "hellaswag.acc_norm >= 0.8", baseline, DEFAULTS);

        assertThat(explicit.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(explicit.explanation()).endsWith("; missing: the baseline (/results/inv) has no finite "
                + "hellaswag.acc_norm.acc_norm → FAIL");
        assertThat(threshold.verdict()).isEqualTo(Verdict.PASS);
        assertThat(threshold.explanation()).endsWith("; not compared with the baseline: the baseline (/results/inv) has "
                + "no finite hellaswag.acc_norm.acc_norm → PASS");
    }

    @Test
    void withoutStderrsADropBeyondTheAllowedRegressionFails() {
        Invocation noStderr = invocation(run("mt.0", "mt", node("mt", metric("score", score("score", 7.9)))));
        Invocation baseline = invocation(run("mt.0", "mt", node("mt", metric("score", score("score", 8.2)))));

        GateResult r = judge(noStderr, "mt.score >= baseline", baseline, DEFAULTS.withMaxRegression("0.1"));

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.explanation()).endsWith("a drop beyond the allowed 0.1 (no stderr on either side to call it noise) → FAIL");
        assertThat(judge(noStderr, "mt.score >= baseline", baseline, DEFAULTS.withMaxRegression("0.5")).verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void strictRegressionPassesOnlyWhenTheWholeIntervalIsWithinTheAllowedDrop() {
        VerdictOptions strict = DEFAULTS.withStrict(true).withMaxRegression("0.01");
        Invocation baseline = hellaswag(0.8150, 0.0040);

        GateResult within = judge(hellaswag(0.8150, 0.0020), "hellaswag.acc_norm >= baseline", baseline, strict);
        GateResult straddles = judge(hellaswag(0.8123, 0.0039), "hellaswag.acc_norm >= baseline", baseline, strict);

        assertThat(within.verdict()).isEqualTo(Verdict.PASS);
        assertThat(straddles.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(straddles.explanation()).endsWith("the 95% interval of the drop [-0.0082, 0.0136] reaches past the "
                + "allowed 0.01 (strict) → INCONCLUSIVE");
    }

    @Test
    void strictRegressionWithoutStderrsIsInconclusiveUnlessTheDropAloneFails() {
        VerdictOptions strict = DEFAULTS.withStrict(true).withMaxRegression("0.1");
        Invocation baseline = invocation(run("mt.0", "mt", node("mt", metric("score", score("score", 8.2)))));

        assertThat(judge(invocation(run("mt.0", "mt", node("mt", metric("score", score("score", 8.15))))),
                "mt.score >= baseline", baseline, strict).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(judge(invocation(run("mt.0", "mt", node("mt", metric("score", score("score", 7.0))))),
                "mt.score >= baseline", baseline, strict).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aGateTakesTheWorseOfItsThresholdAndItsRegressionCheck() {
        Invocation baseline = hellaswag(0.8150, 0.0040);
        VerdictOptions options = DEFAULTS.withMaxRegression("0.01");

        assertThat(judge(hellaswag(0.8123, 0.0039), "hellaswag.acc_norm >= 0.9", baseline, options).verdict())
                .isEqualTo(Verdict.FAIL);
        assertThat(judge(hellaswag(0.8000, 0.0040), "hellaswag.acc_norm >= 0.7", baseline, options).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void equalStderrsOfZeroMakeTheRegressionCheckAPointComparison() {
        VerdictOptions options = DEFAULTS.withMaxRegression("0.01");

        assertThat(judge(hellaswag(0.80, 0.0), "hellaswag.acc_norm >= baseline", hellaswag(0.8101, 0.0), options).verdict())
                .isEqualTo(Verdict.FAIL);
        assertThat(judge(hellaswag(0.80, 0.0), "hellaswag.acc_norm >= baseline", hellaswag(0.81, 0.0), options).verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void aLowerConfidenceNarrowsTheIntervalAndCanTurnInconclusiveIntoFail() {
        // drop 0.02, allowed 0.01, se of the difference 0.00566: z=1.96 reaches 0.0089 (< allowed); z=1 reaches 0.0143
        Invocation baseline = hellaswag(0.82, 0.004);
        Invocation candidate = hellaswag(0.80, 0.004);

        assertThat(judge(candidate, "hellaswag.acc_norm >= baseline", baseline, DEFAULTS.withMaxRegression("0.01"))
                .verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(judge(candidate, "hellaswag.acc_norm >= baseline", baseline,
                DEFAULTS.withMaxRegression("0.01").withConfidence(0.6827)).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void stderrGatesAndEqualityGatesAreNotComparedWithTheBaseline() {
        GateResult r = judge(hellaswag(0.5, 0.0039), "hellaswag.acc_norm.stderr < 0.01", hellaswag(0.9, 0.004), DEFAULTS);

        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.baselineValue()).isEmpty();
        assertThat(judge(hellaswag(0.5, 0.0039), "hellaswag.acc_norm != 0", hellaswag(0.9, 0.004), DEFAULTS).verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void theRealFixturesGateEndToEnd() throws IOException {
        Fixtures.task(tmp, "lm-evaluation-harness.hellaswag.0", Fixtures.text("hellaswag.yml"));
        Fixtures.task(tmp, "gsm8k.1", Fixtures.text("gsm8k.yml"));
        Fixtures.task(tmp, "lm-evaluation-harness.mmlu.2", Fixtures.text("mmlu.yml"));
        Invocation results = ResultsReader.readInvocation(tmp);

        GateReport report = Verdicts.evaluate(results, Gates.parse(List.of(
                "hellaswag.acc_norm >= 0.80",
                "gsm8k.exact_match.strict-match.value > 0.5",
                "lm-evaluation-harness.mmlu.acc >= 0.65",
                "mmlu_stem.acc.stderr < 0.01")), DEFAULTS);

        assertThat(report.verdict()).as(report.toText()).isEqualTo(Verdict.PASS);
        assertThat(report.results()).hasSize(7);
        assertThat(report.results().get(1).explanation())
                .isEqualTo("gsm8k.exact_match.strict-match.value = 0.7445 ± 0.01316 > 0.5 → PASS");
    }

    @Test
    void aBaselineIsReadFromAResultsDirectoryAndMustHoldScores() throws IOException {
        Fixtures.task(tmp.resolve("good"), "hellaswag.0", Fixtures.text("hellaswag.yml"));
        Files.createDirectories(tmp.resolve("empty/hellaswag.0"));

        assertThat(Verdicts.readBaseline(tmp.resolve("good")).tasks()).containsOnlyKeys("hellaswag.0");
        assertThatThrownBy(() -> Verdicts.readBaseline(tmp.resolve("empty"))).isInstanceOf(ResultsFormatException.class)
                .hasMessageContaining("the baseline holds no scores");
    }

    @Test
    void taskStatusesCanBeAddedForTheSummaryButOnlyForKnownTasks() {
        GateReport report = Verdicts.evaluate(hellaswag(0.8, 0.01), List.of(), DEFAULTS)
                .withTaskStatus("hellaswag.0", "COMPLETED", List.of("1201", "1202"));

        assertThat(report.taskStatuses().get("hellaswag.0")).isEqualTo(new GateReport.TaskStatus("COMPLETED",
                List.of("1201", "1202")));
        assertThatThrownBy(() -> report.withTaskStatus("gsm8k.1", "FAILED", List.of()))
                .hasMessage("unknown task directory 'gsm8k.1'; the results have hellaswag.0");
    }
}
