package io.jenkins.plugins.slurmevaluate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskCatalogTest {

    private static final TaskCatalog CATALOG = TaskCatalog.bundled();
    private static final String LM_EVAL = "nvcr.io/nvidia/eval-factory/lm-evaluation-harness:26.03";

    @Test
    void theBundledCatalogHasAllTasks() {
        assertThat(CATALOG.size()).isEqualTo(421);
    }

    @Test
    void aUniqueBareNameResolvesToItsHarnessImageAndFirstEndpointType() throws Exception {
        ResolvedTask t = CATALOG.resolve("hellaswag", null, null);
        assertThat(t.harness()).isEqualTo("lm-evaluation-harness");
        assertThat(t.image()).isEqualTo(LM_EVAL);
        assertThat(t.endpointType()).isEqualTo("completions");
        assertThat(t.unlisted()).isFalse();
    }

    @Test
    void harnessDotTaskMustMatchExactly() throws Exception {
        assertThat(CATALOG.resolve("lm-evaluation-harness.ifeval", null, null).endpointType()).isEqualTo("chat");
        assertThat(CATALOG.resolve("simple_evals.mmlu", null, null).image()).contains("simple-evals");
    }

    @Test
    void anAmbiguousBareNameListsTheChoices() {
        assertThatThrownBy(() -> CATALOG.resolve("mmlu", null, null))
                .isInstanceOf(TaskResolutionException.class)
                .hasMessage("task 'mmlu' is in several harnesses; write one of: lm-evaluation-harness.mmlu, "
                        + "simple_evals.mmlu")
                .satisfies(e -> assertThat(((TaskResolutionException) e).candidates()).hasSize(2));
    }

    @Test
    void anUnknownTaskWithoutContainerSaysWhatToWrite() {
        assertThatThrownBy(() -> CATALOG.resolve("hellaswa", null, null))
                .hasMessageContaining("unknown task 'hellaswa'; did you mean 'hellaswag'?")
                .hasMessageContaining("Use <harness>.<task> or give a container");
    }

    @Test
    void anUnlistedTaskWithAContainerRunsButIsFlagged() throws Exception {
        ResolvedTask t = CATALOG.resolve("my_private_task", "registry.example.com/evals:1", null);
        assertThat(t.unlisted()).isTrue();
        assertThat(t.image()).isEqualTo("registry.example.com/evals:1");
        assertThat(t.endpointType()).isEqualTo("chat");
    }

    @Test
    void anUnlistedTaskOfAKnownHarnessUsesTheHarnessImage() throws Exception {
        ResolvedTask t = CATALOG.resolve("lm-evaluation-harness.brand_new_task", null, "completions");
        assertThat(t.unlisted()).isTrue();
        assertThat(t.image()).isEqualTo(LM_EVAL);
        assertThat(t.endpointType()).isEqualTo("completions");
    }

    @Test
    void aContainerOverridesTheImageOfAListedTask() throws Exception {
        ResolvedTask t = CATALOG.resolve("gsm8k", "/lustre/images/lm-eval.sqsh", null);
        assertThat(t.image()).isEqualTo("/lustre/images/lm-eval.sqsh");
        assertThat(t.unlisted()).isFalse();
    }

    @Test
    void endpointTypeOverrideWins() throws Exception {
        assertThat(CATALOG.resolve("gsm8k", null, "chat").endpointType()).isEqualTo("chat");
    }

    @Test
    void unknownHarnessIsRefusedWithASuggestion() {
        assertThatThrownBy(() -> CATALOG.resolve("lm-evaluation-harnes.ifeval", null, null))
                .hasMessageContaining("did you mean 'lm-evaluation-harness'?");
    }

    @Test
    void moreThanOneDotIsNotATaskName() {
        assertThatThrownBy(() -> CATALOG.resolve("a.b.c", null, null)).hasMessageContaining("<harness>.<task>");
        assertThatThrownBy(() -> CATALOG.resolve(".ifeval", null, null)).hasMessageContaining("<harness>.<task>");
    }
}
