package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.PlannedTask;
import io.jenkins.plugins.slurmevaluate.config.plan.Planner;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.ScriptRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run config of a task that refers to its judge (reference a.6): no {@code auxiliary_deployments.<name>...} text
 * is left in it, and the URL the job exports for the placeholder is the one the dry run shows.
 */
class AuxiliaryReferencesScriptTest {

    static final Path EXAMPLE = Path.of("..", "examples", "slurm_auxiliary_judge.yaml");

    @TempDir
    Path tmp;

    private static EvaluationPlan plan(String... overrides) throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of());
        return new Planner(loader, TaskCatalog.bundled()).plan(EXAMPLE, List.of(overrides),
                SecretSource.of(Map.of("HF_TOKEN", "hf_x"), "test"), List.of());
    }

    private static String runSub(EvaluationPlan plan, PlannedTask task) {
        TaskLayout layout = TaskLayout.of("/lustre/fsw/evals", "20261208_000000-0123456789abcdef", task.task().name(),
                task.task().index());
        return new String(new ScriptRenderer().render(ScriptSpecs.of(plan, task, layout, "0123456789abcdef", "1.0"))
                .runScript().content(), StandardCharsets.UTF_8);
    }

    @Test
    void noReferenceIsLeftInTheRunConfigNotEvenInTheCopyOfTheResolvedConfigInItsMetadata() throws Exception {
        EvaluationPlan plan = plan();
        for (PlannedTask task : plan.tasks()) {
            String runConfig = ScriptSpecs.runConfig(plan, task, "1.0");
            assertThat(runConfig).doesNotContain("auxiliary_deployments.judge.")
                    .contains("url: ${JUDGE_CHAT_URL}\n").contains("model_id: Qwen/Qwen2.5-72B-Instruct\n")
                    .contains("launcher_resolved_config:");
        }
    }

    @Test
    void theJobExportsForThePlaceholderTheUrlTheDryRunShows() throws Exception {
        for (EvaluationPlan plan : List.of(plan(), plan("++auxiliary_deployments.judge.num_nodes=2",
                "++auxiliary_deployments.judge.num_instances=2"))) {
            PlannedTask task = plan.tasks().get(0);
            PlannedTask.AuxiliaryReference url = task.auxiliaryReferences().stream()
                    .filter(r -> r.reference().endsWith("chat_url")).findFirst().orElseThrow();
            String script = runSub(plan, task);
            Matcher export = Pattern.compile("(?m)^ +export (JUDGE_CHAT_URL=.*)$").matcher(script);
            assertThat(export.find()).as(script).isTrue();
            // what bash makes of the exported value, on nodes named node1 (the first) and node2 (the judge's)
            Path probe = tmp.resolve("probe.sh");
            Files.writeString(probe, "PRIMARY_NODE=node1 JUDGE_PRIMARY_NODE=node2\n" + export.group(1)
                    + "\nprintf %s \"$JUDGE_CHAT_URL\"\n");
            Process p = new ProcessBuilder("bash", probe.toString()).redirectErrorStream(true).start();
            String value = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(value).isEqualTo(url.resolvesTo().replace("${PRIMARY_NODE}", "node1")
                    .replace("${JUDGE_PRIMARY_NODE}", "node2"));
            assertThat(url.replacement()).isEqualTo("${JUDGE_CHAT_URL}");
        }
    }
}
