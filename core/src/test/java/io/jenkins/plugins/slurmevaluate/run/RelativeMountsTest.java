package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.Planner;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount source written relative, as the reference's own {@code ./hf_cache}, is a directory under
 * {@code execution.output_dir}: run.sub mounts that absolute path whatever the job's working directory, and
 * staging creates it instead of refusing it.
 */
class RelativeMountsTest {

    private static final String CONFIG = """
            defaults:
              - execution: slurm/default
              - deployment: vllm
              - _self_
            execution:
              hostname: login
              username: u
              account: acct
              output_dir: /lustre/evals
              mounts:
                evaluation:
                  ./hf_cache: /root/.cache/huggingface
                  ../shared/data: /data:ro
                  /datasets: /datasets
            deployment:
              checkpoint_path: null
              hf_model_handle: org/model
              served_model_name: model
            evaluation:
              tasks:
                - name: gsm8k
            """;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private Submission prepare() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of());
        EvaluationPlan plan = new Planner(loader, TaskCatalog.bundled())
                .plan(loader.inspect("eval.yaml", CONFIG, List.of()), SecretSource.of(Map.of(), "test"), List.of());
        try (Evaluator evaluator = new Evaluator(Clock.systemUTC(), scheduler, WatchSettings.defaults())) {
            return evaluator.prepare(plan, new ClusterRef(null, "login", 22, "u", false), "eval.yaml", List.of(), null);
        }
    }

    @Test
    void runSubMountsTheAbsolutePathUnderOutputDir() throws Exception {
        Submission s = prepare();
        String evaluationMounts = s.files().get(0).runScriptText().lines()
                .filter(l -> l.contains("--container-mounts=") && l.contains(":/results,")).findFirst().orElseThrow();
        assertThat(evaluationMounts).endsWith("/artifacts:/results,/lustre/evals/hf_cache:/root/.cache/huggingface,"
                + "/lustre/shared/data:/data:ro,/datasets:/datasets \\");
        assertThat(s.createdMountSources()).containsExactly("/lustre/evals/hf_cache", "/lustre/shared/data");
        assertThat(s.mountSources()).containsExactly("/datasets");
    }

    @Test
    void stagingCreatesTheRelativeSourcesAndChecksTheOthers() throws Exception {
        Stager stager = new Stager(new ProcessHost(), Clock.systemUTC(), Duration.ofSeconds(30));
        Path created = tmp.resolve("out/hf_cache");
        Files.createDirectories(tmp.resolve("present"));

        stager.prepareMountSources(List.of(tmp.resolve("present").toString()), List.of(created.toString()));

        assertThat(created).isDirectory();
        assertThatThrownBy(() -> stager.prepareMountSources(List.of(tmp.resolve("absent").toString()), List.of()))
                .hasMessageContaining("these mount sources are not directories").hasMessageContaining("absent");
    }
}
