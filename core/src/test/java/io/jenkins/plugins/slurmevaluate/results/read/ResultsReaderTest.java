package io.jenkins.plugins.slurmevaluate.results.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.results.Fixtures;
import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.model.Score;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReaderTest {

    @TempDir
    Path tmp;

    private TaskRun read(String fixture) throws IOException {
        Path dir = Fixtures.task(tmp, "task.0", Fixtures.text(fixture));
        return ResultsReader.readFile(dir.resolve(ResultsReader.RESULTS_FILE), "task.0");
    }

    @Test
    void readsHellaswagAsNemoEvaluatorWritesIt() throws IOException {
        TaskRun run = read("hellaswag.yml");

        assertThat(run.taskType()).contains("hellaswag");
        assertThat(run.problem()).isEmpty();
        assertThat(run.tasks()).containsOnlyKeys("hellaswag");
        assertThat(run.tasks().get("hellaswag").metrics()).containsOnlyKeys("acc", "acc_norm");
        assertThat(run.tasks().get("hellaswag").metrics().get("acc_norm").scores().get("acc_norm"))
                .isEqualTo(new Score("acc_norm", 0.8123, OptionalDouble.of(0.0039), OptionalLong.of(10042)));
        assertThat(run.groups()).containsOnlyKeys("hellaswag");
    }

    @Test
    void readsMmluGroupsAndSubjectsAndTreatsEmptyStatsAsNoStderr() throws IOException {
        TaskRun run = read("mmlu.yml");

        assertThat(run.groups()).containsOnlyKeys("mmlu", "mmlu_humanities", "mmlu_stem");
        assertThat(run.tasks()).containsOnlyKeys("mmlu_abstract_algebra", "mmlu_college_physics", "mmlu_world_religions");
        Score aggregate = run.groups().get("mmlu").metrics().get("acc").scores().get("acc");
        assertThat(aggregate.value()).isEqualTo(0.6812);
        assertThat(aggregate.stderr()).isEmpty();
    }

    @Test
    void readsNestedGroups() throws IOException {
        TaskRun run = read("nested-groups.yml");

        Score physics = run.groups().get("mmlu_pro").groups().get("mmlu_pro_stem").groups().get("mmlu_pro_physics")
                .metrics().get("exact_match").scores().get("custom-extract");
        assertThat(physics.value()).isEqualTo(0.5011);
        assertThat(run.hasScores()).isTrue();
    }

    @Test
    void keepsNanReadsIntsAndTreatsNanOrNaStderrAsUnknown() throws IOException {
        TaskRun run = read("nan-and-ints.yml");
        var metrics = run.tasks().get("ifeval").metrics();

        assertThat(metrics.get("inst_level_strict_acc").scores().get("inst_level_strict_acc").value()).isNaN();
        Score prompt = metrics.get("prompt_level_strict_acc").scores().get("prompt_level_strict_acc");
        assertThat(prompt.value()).isEqualTo(1.0);
        assertThat(prompt.stderr()).isEmpty();
        assertThat(prompt.count()).hasValue(541);
        Score loose = metrics.get("prompt_level_loose_acc").scores().get("prompt_level_loose_acc");
        assertThat(loose.value()).isNaN();
        assertThat(loose.stderr()).isEmpty();
    }

    @Test
    void ignoresPythonTagsAndUnknownKeysOutsideTheScores() throws IOException {
        TaskRun run = read("python-tags.yml");

        assertThat(run.tasks().get("hellaswag").metrics().get("acc_norm").scores().get("acc_norm").value()).isEqualTo(0.8123);
    }

    @Test
    void nullResultsGiveATaskWithoutScores() throws IOException {
        Path dir = Fixtures.task(tmp, "x.1", "config: {type: x}\nresults: null\n");

        TaskRun empty = ResultsReader.readFile(dir.resolve(ResultsReader.RESULTS_FILE), "x.1");

        assertThat(empty.hasScores()).isFalse();
        assertThat(empty.problem()).isEmpty();
    }

    @Test
    void malformedValueIsReportedWithFileLineAndKeyPath() {
        Path dir = Fixtures.task(tmp, "hellaswag.0", """
                results:
                  tasks:
                    hellaswag:
                      metrics:
                        acc:
                          scores:
                            acc:
                              value: high
                """);
        Path file = dir.resolve(ResultsReader.RESULTS_FILE);

        assertThatThrownBy(() -> ResultsReader.readFile(file, "hellaswag.0"))
                .isInstanceOfSatisfying(ResultsFormatException.class, e -> {
                    assertThat(e.keyPath()).isEqualTo("results.tasks.hellaswag.metrics.acc.scores.acc.value");
                    assertThat(e.line()).isEqualTo(8);
                    assertThat(e.getMessage()).isEqualTo(file + ":8: results.tasks.hellaswag.metrics.acc.scores.acc.value: "
                            + "expected a number, found the string 'high'");
                });
    }

    @Test
    void oversizedFileIsRefusedBeforeParsing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("big.0/artifacts"));
        Path file = dir.resolve("results.yml");
        Files.write(file, new byte[YamlTree.MAX_BYTES + 1]);

        assertThatThrownBy(() -> ResultsReader.readFile(file, "big.0"))
                .isInstanceOf(ResultsFormatException.class)
                .hasMessageContaining("more than the " + YamlTree.MAX_BYTES + " a results.yml may have");
    }

    @Test
    void nonUtf8IsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("latin.0/artifacts"));
        Path file = dir.resolve("results.yml");
        Files.write(file, "results: {tasks: {caf\u00e9: {}}}\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ResultsReader.readFile(file, "latin.0")).hasMessageContaining("not UTF-8");
    }

    @Test
    void readsEveryTaskDirectoryOfAnInvocationInNaturalOrder() throws IOException {
        Fixtures.task(tmp, "hellaswag.0", Fixtures.text("hellaswag.yml"));
        Fixtures.task(tmp, "gsm8k.10", Fixtures.text("gsm8k.yml"));
        Fixtures.task(tmp, "gsm8k.2", Fixtures.text("gsm8k.yml"));
        Fixtures.task(tmp, "broken.3", "results: {tasks: [a, b]}\n");
        Files.createDirectories(tmp.resolve("mmlu.1"));
        Files.createDirectories(tmp.resolve(".cache/x.0/artifacts"));
        Files.writeString(tmp.resolve("notes.txt"), "not a task");

        Invocation inv = ResultsReader.readInvocation(tmp);

        assertThat(inv.tasks()).containsOnlyKeys("broken.3", "gsm8k.2", "gsm8k.10", "hellaswag.0", "mmlu.1");
        assertThat(inv.tasks().keySet()).containsExactly("broken.3", "gsm8k.2", "gsm8k.10", "hellaswag.0", "mmlu.1");
        assertThat(inv.task("mmlu.1").orElseThrow().problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("artifacts/results.yml not found in"));
        assertThat(inv.task("broken.3").orElseThrow().problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("malformed results: ").endsWith(":1: results.tasks: expected a mapping, found a list"));
        assertThat(inv.task("hellaswag.0").orElseThrow().hasScores()).isTrue();
    }

    @Test
    void readsATreeDownloadedFromTheClusterWithRelativeNames() throws IOException {
        Fixtures.task(tmp, "runs/2c9f1e0a.0", Fixtures.text("hellaswag.yml"));
        Fixtures.task(tmp, "runs/2c9f1e0a.1", Fixtures.text("mmlu.yml"));

        Invocation inv = ResultsReader.readInvocation(tmp);

        assertThat(inv.tasks().keySet()).containsExactly("runs/2c9f1e0a.0", "runs/2c9f1e0a.1");
        assertThat(inv.task("runs/2c9f1e0a.1").orElseThrow().taskType()).contains("mmlu");
    }

    @Test
    void readsASingleTaskDirectoryOrResultsFile() throws IOException {
        Path dir = Fixtures.task(tmp, "lm-evaluation-harness.hellaswag.0", Fixtures.text("hellaswag.yml"));

        assertThat(ResultsReader.readInvocation(dir).tasks()).containsOnlyKeys("lm-evaluation-harness.hellaswag.0");
        assertThat(ResultsReader.readInvocation(dir.resolve(ResultsReader.RESULTS_FILE)).tasks())
                .containsOnlyKeys("lm-evaluation-harness.hellaswag.0");
    }

    @Test
    void doesNotFollowSymbolicLinksToDirectories() throws IOException {
        Path outside = Fixtures.task(tmp.resolve("outside"), "evil.0", Fixtures.text("hellaswag.yml"));
        Path root = Files.createDirectories(tmp.resolve("inv"));
        Fixtures.task(root, "hellaswag.0", Fixtures.text("hellaswag.yml"));
        Files.createSymbolicLink(root.resolve("evil.0"), outside);
        Files.createSymbolicLink(root.resolve("loop"), root);

        assertThat(ResultsReader.readInvocation(root).tasks()).containsOnlyKeys("hellaswag.0");
    }

    @Test
    void aMissingPathIsAnError() {
        assertThatThrownBy(() -> ResultsReader.readInvocation(tmp.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void readTaskDirNeverThrowsButRecordsTheProblem() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("gsm8k.1/artifacts/results.yml")); // a directory, not a file

        TaskRun run = ResultsReader.readTaskDir(dir.getParent().getParent(), "gsm8k.1");

        assertThat(run.problem()).isPresent();
        assertThat(run.taskType()).isEqualTo(Optional.empty());
    }
}
