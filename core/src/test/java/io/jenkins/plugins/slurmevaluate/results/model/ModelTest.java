package io.jenkins.plugins.slurmevaluate.results.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void configNameIsTheDirectoryWithoutItsIndex() {
        assertThat(TaskRun.missing("lm-evaluation-harness.hellaswag.0", "x").configName())
                .isEqualTo("lm-evaluation-harness.hellaswag");
        assertThat(TaskRun.missing("runs/gsm8k.12", "x").configName()).isEqualTo("gsm8k");
        assertThat(TaskRun.missing("hellaswag", "x").configName()).isEqualTo("hellaswag");
    }

    @Test
    void expectingAddsMissingTasksForDirectoriesThatNeverArrived() {
        Invocation inv = Invocation.of("/runs/1", List.of(TaskRun.withResults("hellaswag.0", Optional.empty(),
                Map.of("hellaswag", Node.of("hellaswag", Metric.of("acc", Score.of("acc", 0.5)))), Map.of())));

        Invocation expected = inv.expecting(List.of("hellaswag.0", "gsm8k.1", "gsm8k.1"));

        assertThat(expected.tasks().keySet()).containsExactly("hellaswag.0", "gsm8k.1");
        assertThat(expected.task("gsm8k.1").orElseThrow().problem()).contains("task directory not found in /runs/1");
    }

    @Test
    void mapsAreCopiedAndCannotBeChanged() {
        Map<String, Score> scores = new HashMap<>(Map.of("acc", Score.of("acc", 0.5)));
        Metric metric = new Metric("acc", scores);
        scores.clear();

        assertThat(metric.scores()).containsOnlyKeys("acc");
        assertThatThrownBy(() -> metric.scores().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aKeyMustBeTheNameOfItsValue() {
        assertThatThrownBy(() -> new Metric("acc", Map.of("other", Score.of("acc", 0.5))))
                .hasMessage("score key 'other' differs from its name 'acc'");
    }

    @Test
    void aNegativeOrNonFiniteStderrIsRefused() {
        assertThatThrownBy(() -> new Score("acc", 0.5, OptionalDouble.of(-1), OptionalLong.empty()))
                .hasMessageContaining("stderr of score acc must be finite and >= 0");
        assertThatThrownBy(() -> new Score("acc", 0.5, OptionalDouble.of(Double.NaN), OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nanScoresAreEqualSoARoundTripCanBeChecked() {
        assertThat(Score.of("acc", Double.NaN)).isEqualTo(Score.of("acc", Double.NaN));
    }

    @Test
    void aTaskWithAProblemHasNoResults() {
        assertThatThrownBy(() -> new TaskRun("t.0", Optional.empty(),
                Map.of("t", Node.of("t", Metric.of("acc", Score.of("acc", 0.5)))), Map.of(), Optional.of("broken")))
                .hasMessage("task t.0 has a problem and results at once");
    }
}
