package io.jenkins.plugins.slurmevaluate.results;

import static io.jenkins.plugins.slurmevaluate.results.Build.invocation;
import static io.jenkins.plugins.slurmevaluate.results.Build.metric;
import static io.jenkins.plugins.slurmevaluate.results.Build.node;
import static io.jenkins.plugins.slurmevaluate.results.Build.run;
import static io.jenkins.plugins.slurmevaluate.results.Build.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResolverTest {

    @TempDir
    static Path tmp;

    private static Resolver real() {
        return new Resolver(Invocation.of("/inv", List.of(
                Build.fixture(tmp, "lm-evaluation-harness.hellaswag.0", "hellaswag.yml"),
                Build.fixture(tmp, "gsm8k.1", "gsm8k.yml"),
                Build.fixture(tmp, "lm-evaluation-harness.mmlu.2", "mmlu.yml"),
                Build.fixture(tmp, "mmlu_pro.3", "nested-groups.yml"))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "hellaswag.acc_norm                                          | lm-evaluation-harness.hellaswag.0 | hellaswag.acc_norm.acc_norm | false",
        "hellaswag.acc_norm.acc_norm.value                           | lm-evaluation-harness.hellaswag.0 | hellaswag.acc_norm.acc_norm | false",
        "hellaswag.acc_norm.stderr                                   | lm-evaluation-harness.hellaswag.0 | hellaswag.acc_norm.acc_norm | true",
        "lm-evaluation-harness.hellaswag.acc_norm                    | lm-evaluation-harness.hellaswag.0 | hellaswag.acc_norm.acc_norm | false",
        "lm-evaluation-harness.hellaswag.0.acc                       | lm-evaluation-harness.hellaswag.0 | hellaswag.acc.acc           | false",
        "lm-evaluation-harness.hellaswag.0.hellaswag.acc             | lm-evaluation-harness.hellaswag.0 | hellaswag.acc.acc           | false",
        "gsm8k.exact_match__strict-match                             | gsm8k.1                           | gsm8k.exact_match__strict-match.exact_match__strict-match | false",
        "gsm8k.exact_match.strict-match                              | gsm8k.1                           | gsm8k.exact_match__strict-match.exact_match__strict-match | false",
        "gsm8k.exact_match.flexible-extract.stderr                   | gsm8k.1                           | gsm8k.exact_match__flexible-extract.exact_match__flexible-extract | true",
        "mmlu.acc                                                    | lm-evaluation-harness.mmlu.2      | mmlu.acc.acc                | false",
        "lm-evaluation-harness.mmlu.acc                              | lm-evaluation-harness.mmlu.2      | mmlu.acc.acc                | false",
        "mmlu_stem.acc                                               | lm-evaluation-harness.mmlu.2      | mmlu_stem.acc.acc           | false",
        "mmlu_world_religions.acc                                    | lm-evaluation-harness.mmlu.2      | mmlu_world_religions.acc.acc | false",
        "mmlu_pro_physics.exact_match                                | mmlu_pro.3                        | mmlu_pro_physics.exact_match.custom-extract | false",
        "mmlu_pro.3.exact_match.custom-extract                       | mmlu_pro.3                        | mmlu_pro.exact_match.custom-extract | false",
    })
    void findsTheScoreANameLeadsTo(String path, String dir, String key, boolean stderr) throws Exception {
        Resolution r = real().resolve(path);

        assertThat(r.target().run().dir()).isEqualTo(dir);
        assertThat(r.key()).isEqualTo(key);
        assertThat(r.stderrField()).isEqualTo(stderr);
    }

    @Test
    void aTaskListedAsTaskAndGroupIsNotAmbiguous() throws Exception {
        // nemo-evaluator's lm-eval parser copies a task without sub-tasks into groups too
        assertThat(real().resolve("hellaswag.acc_norm").target().group()).isFalse();
    }

    @Test
    void dottedTaskAndMetricNamesAreSplitByWhatExists() throws Exception {
        Resolver r = new Resolver(invocation(run("bfcl.v3.0", "bfcl.v3",
                node("bfcl.v3", metric("acc.overall", score("live.simple", 0.5), score("live", 0.25))))));

        assertThat(r.resolve("bfcl.v3.acc.overall.live.simple").score().value()).isEqualTo(0.5);
        assertThat(r.resolve("bfcl.v3.acc.overall.live").score().value()).isEqualTo(0.25);
    }

    @Test
    void twoWaysToReadAPathAreReportedAsAmbiguous() {
        Resolver r = new Resolver(invocation(run("t.0", "t",
                node("t", metric("a", score("b.c", 1)), metric("a.b", score("c", 2))))));

        assertThatThrownBy(() -> r.resolve("t.a.b.c")).hasMessage("ambiguous: t.a.b.c splits into names in 2 ways "
                + "(task 't' in t.0, metric 'a', score 'b.c'; task 't' in t.0, metric 'a.b', score 'c'); "
                + "a gate path cannot tell these apart");
    }

    @Test
    void theSameTaskRunTwiceIsAmbiguousUntilTheDirectoryIsNamed() throws Exception {
        Resolver r = new Resolver(invocation(
                run("hellaswag.0", "hellaswag", node("hellaswag", metric("acc_norm", 0.81, 0.004))),
                run("hellaswag.3", "hellaswag", node("hellaswag", metric("acc_norm", 0.79, 0.004)))));

        assertThatThrownBy(() -> r.resolve("hellaswag.acc_norm")).hasMessage("ambiguous: hellaswag.acc_norm matches 2 "
                + "scores (hellaswag.0.hellaswag.acc_norm.acc_norm, hellaswag.3.hellaswag.acc_norm.acc_norm); "
                + "write the full form of one of them");
        assertThat(r.resolve("hellaswag.3.acc_norm").score().value()).isEqualTo(0.79);
        assertThat(r.resolve("hellaswag.0.hellaswag.acc_norm").score().value()).isEqualTo(0.81);
    }

    @Test
    void aMetricWithSeveralScoresNeedsTheScoreNamed() {
        Resolver r = new Resolver(invocation(run("gsm8k.0", "gsm8k",
                node("gsm8k", metric("exact_match", score("strict-match", 0.74), score("flexible-extract", 0.77))))));

        assertThatThrownBy(() -> r.resolve("gsm8k.exact_match")).hasMessage("missing: metric exact_match of gsm8k has "
                + "2 scores (strict-match, flexible-extract); name one, e.g. gsm8k.exact_match.strict-match");
    }

    @Test
    void anUnknownMetricListsTheMetricsThatExist() {
        assertThatThrownBy(() -> real().resolve("hellaswag.accuracy")).hasMessage("missing: hellaswag (task in "
                + "lm-evaluation-harness.hellaswag.0) has no metric 'accuracy'; its metrics: acc, acc_norm");
    }

    @Test
    void anUnknownScoreListsTheScoresThatExist() {
        assertThatThrownBy(() -> real().resolve("mmlu_pro.exact_match.strict")).hasMessage("missing: metric "
                + "exact_match of mmlu_pro has no score 'strict'; its scores: custom-extract");
    }

    @Test
    void anUnknownTaskListsTheKnownNamesAndTheClosestOne() {
        assertThatThrownBy(() -> real().resolve("hellaswg.acc_norm"))
                .hasMessageStartingWith("missing: no task or group matches hellaswg.acc_norm; known: gsm8k, gsm8k.1, "
                        + "hellaswag, lm-evaluation-harness.hellaswag, lm-evaluation-harness.hellaswag.0, ")
                .hasMessageEndingWith(". Did you mean hellaswag?");
    }

    @Test
    void aTaskThatProducedNothingSaysSo() {
        Resolver r = new Resolver(invocation(
                run("gsm8k.1", "gsm8k", node("gsm8k", metric("acc", 0.5, 0.01))),
                TaskRun.missing("lm-evaluation-harness.hellaswag.0", "artifacts/results.yml not found")));

        assertThatThrownBy(() -> r.resolve("hellaswag.acc_norm")).hasMessage("missing: task "
                + "lm-evaluation-harness.hellaswag.0 produced no results: artifacts/results.yml not found");
        assertThatThrownBy(() -> r.resolve("lm-evaluation-harness.hellaswag.0.acc_norm"))
                .hasMessageStartingWith("missing: task lm-evaluation-harness.hellaswag.0 produced no results");
    }

    @Test
    void aFailedRerunByDirectoryIsReportedAsFailedEvenIfAnotherRunHasTheTask() {
        Resolver r = new Resolver(invocation(
                run("hellaswag.0", "hellaswag", node("hellaswag", metric("acc", 0.5, 0.01))),
                TaskRun.missing("hellaswag.1", "TIMEOUT")));

        assertThatThrownBy(() -> r.resolve("hellaswag.1.acc")).hasMessage("missing: task hellaswag.1 produced no "
                + "results: TIMEOUT");
    }

    @Test
    void noTasksAtAllIsSaidPlainly() {
        assertThatThrownBy(() -> new Resolver(invocation()).resolve("hellaswag.acc"))
                .hasMessage("missing: there are no task results at all in /results/inv");
    }

    @Test
    void theMainNodeIsFoundByConfigTypeEvenWhenTheDirectoryIsAnInvocationId() throws Exception {
        Resolver r = new Resolver(invocation(run("2c9f1e0a.0", "AIME_2025",
                node("aime_2025", metric("pass@1", 0.4, 0.05)))));

        assertThat(r.resolve("2c9f1e0a.0.pass@1").score().value()).isEqualTo(0.4);
        assertThat(r.resolve("AIME_2025.pass@1").score().value()).isEqualTo(0.4);
    }

    @Test
    void aBaselineCounterpartIsFoundByNameEvenInAnotherDirectory() throws Exception {
        Resolution candidate = real().resolve("gsm8k.exact_match.strict-match");
        Resolver baseline = new Resolver(invocation(run("gsm8k.4", "gsm8k",
                node("gsm8k", metric("exact_match__strict-match", 0.70, 0.013)))));

        assertThat(baseline.counterpart(candidate)).hasValueSatisfying(b -> assertThat(b.score().value()).isEqualTo(0.70));
    }

    @Test
    void aBaselineCounterpartMayMoveBetweenTasksAndGroups() throws Exception {
        Resolver candidate = new Resolver(invocation(run("mmlu.0", "mmlu", List.of(),
                List.of(node("mmlu", metric("acc", 0.68, 0.003))))));
        Resolver baseline = new Resolver(invocation(run("mmlu.0", "mmlu", node("mmlu", metric("acc", 0.70, 0.003)))));

        assertThat(baseline.counterpart(candidate.resolve("mmlu.acc"))).isPresent();
    }
}
