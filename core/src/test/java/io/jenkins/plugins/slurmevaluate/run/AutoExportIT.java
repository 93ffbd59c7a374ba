package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.slurmevaluate.layout.ChainEvent;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import io.jenkins.plugins.slurmevaluate.state.ExportStatus;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Auto-export on the test bed (reference b.15): the link whose evaluation succeeded queues the export job once, the
 * exporter stand-in ({@code testbed/fixtures/exporter_standin.py}) records what it was asked to export, the watcher
 * follows the export job and streams its log, and the outcome reaches the record and the verdict. A failed
 * evaluation, or a link interrupted by its time limit, exports nothing.
 */
@Tag("testbed")
class AutoExportIT {

    private static final String TOKEN = "mlflow-FAKE token 'with' $(quotes)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> exportOverrides(String... more) {
        List<String> o = new ArrayList<>(List.of("+execution.auto_export.destinations=[mlflow,local]",
                "+execution.auto_export.launcher_install_cmd='true'", // the test bed installs nothing
                "+export.env_vars.MLFLOW_TRACKING_TOKEN=host:EXPORT_TOKEN",
                "+export.mlflow.tracking_uri=http://mlflow.testbed:5000",
                "+export.mlflow.record_env=[MLFLOW_TRACKING_TOKEN]",
                "+export.local.format=json"));
        o.addAll(List.of(more));
        return o;
    }

    private static TestbedRun run(String label, String... more) {
        return TestbedRun.of(label, Map.of("EXPORT_TOKEN", TOKEN), TestbedRun.testSettings(),
                exportOverrides(more).toArray(String[]::new));
    }

    private static List<JsonNode> exported(TestbedRun run) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : run.remoteText(run.taskDir() + "/artifacts/exporter_standin.jsonl").lines().toList()) {
            lines.add(JSON.readTree(l));
        }
        return lines;
    }

    @Test
    void aSuccessfulEvaluationIsExportedOnceToEachDestinationWithItsConfigAndSecret() throws Exception {
        try (TestbedRun run = run("auto-export")) {
            RunRecord end = run.runToEnd(Duration.ofMinutes(4));

            TaskRecord t = end.tasks().get(0);
            assertThat(t.stop()).as(run.chainStatusText()).isEqualTo("completed");
            List<ChainEvent> exports = run.chainEvents().stream().filter(e -> e.event().equals("export")).toList();
            assertThat(exports).as(run.chainStatusText()).singleElement()
                    .satisfies(e -> assertThat(e.jobId()).isEqualTo(t.currentJobId()));
            String job = exports.get(0).attribute("id").orElseThrow();
            assertThat(t.export()).isEqualTo(new ExportStatus(List.of("mlflow", "local"), ExportStatus.SUCCEEDED, job, null));
            assertThat(t.jobIds()).as("the export job is not a link").doesNotContain(job);
            assertThat(run.chainLines()).contains(job + " export_end code=0");

            List<JsonNode> calls = exported(run);
            assertThat(calls).extracting(c -> c.path("dest").asText()).containsExactly("mlflow", "local");
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
            for (JsonNode c : calls) {
                assertThat(c.path("id").asText()).isEqualTo(end.invocationId() + "." + t.index());
                assertThat(c.path("job_dirs").asText()).isEqualTo(run.outputDir);
                assertThat(c.path("results").asBoolean()).as("results.yml next to the exporter").isTrue();
            }
            assertThat(calls.get(0).path("config").path("tracking_uri").asText()).isEqualTo("http://mlflow.testbed:5000");
            assertThat(calls.get(0).path("env").path("MLFLOW_TRACKING_TOKEN").asText()).as("the secret's value, by hash").isEqualTo(hash);
            assertThat(calls.get(1).path("config").path("format").asText()).isEqualTo("json");

            String sbatch = run.remoteText(run.taskDir() + "/export.sbatch");
            assertThat(sbatch).doesNotContain(TOKEN).contains("--container-env=MLFLOW_TRACKING_TOKEN");
            assertThat(run.remote("stat -c %a " + Shell.quote(run.taskDir() + "/.secrets.env")).stdout().strip()).isEqualTo("600");
            assertThat(run.logs.narrated()).contains("INFO " + t.id() + ": auto-export to mlflow, local: succeeded (job " + job + ")");
            assertThat(new String(run.logs.bytesOf(t.id(), "export-" + job), StandardCharsets.UTF_8))
                    .contains("exported to mlflow local").doesNotContain(TOKEN);

            Evaluator.Outcome outcome = run.verdict(run.collect());
            assertThat(outcome.verdict()).isEqualTo("PASS");
            assertThat(outcome.message()).endsWith(t.id() + " auto-export to mlflow, local: succeeded (job " + job + ")");
            run.assertCleanEnd();
        }
    }

    @Test
    void aChainThatResumesExportsOnceFromItsLastLinkOnly() throws Exception {
        // 30 samples x 3 s against a 1-minute walltime: the first link is interrupted by its time limit
        try (TestbedRun run = run("auto-export-resume", "execution.walltime=00:01:00",
                "evaluation.nemo_evaluator_config.config.params.limit_samples=30",
                "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:3", "+env_vars.STANDIN_NUM_SAMPLES=lit:30")) {
            RunRecord end = run.runToEnd(Duration.ofMinutes(8));

            TaskRecord t = end.tasks().get(0);
            assertThat(t.stop()).as(run.chainStatusText()).isEqualTo("completed");
            assertThat(t.jobIds()).as("links of the chain").hasSizeBetween(2, 3);
            List<ChainEvent> exports = run.chainEvents().stream().filter(e -> e.event().equals("export")).toList();
            assertThat(exports).as(run.chainStatusText()).singleElement()
                    .satisfies(e -> assertThat(e.jobId()).isEqualTo(t.currentJobId()));
            assertThat(exported(run)).extracting(c -> c.path("dest").asText()).containsExactly("mlflow", "local");
            assertThat(t.export().outcome()).isEqualTo(ExportStatus.SUCCEEDED);
            run.assertCleanEnd();
        }
    }

    @Test
    void aKillWhileTheExportRunsCancelsItAndKeepsTheCompletedEvaluation() throws Exception {
        try (TestbedRun run = run("auto-export-kill", "+export.mlflow.sleep=300")) {
            run.submit();
            Watch watch = run.watch();
            java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofMinutes(2));
            while (run.remote("test -s " + Shell.quote(run.taskDir() + "/artifacts/exporter_standin.jsonl")).exitCode() != 0) {
                assertThat(java.time.Instant.now()).as("the exporter started").isBefore(deadline);
                Thread.sleep(500);
            }
            RunRecord killed = run.evaluator().kill(run.record(), run.host(), run.sink());
            run.assertQueueEmpty(Duration.ofSeconds(10));
            assertThat(killed.tasks().get(0).succeeded()).as("the evaluation had completed").isTrue();

            RunRecord end = run.awaitDone(watch, Duration.ofMinutes(2));
            TaskRecord t = end.tasks().get(0);
            assertThat(t.stop()).isEqualTo("completed");
            assertThat(t.export().outcome()).isEqualTo(ExportStatus.SKIPPED);
            assertThat(t.export().detail()).isEqualTo("cancelled by slurm-evaluate kill");
            assertThat(exported(run)).extracting(c -> c.path("dest").asText()).containsExactly("mlflow");
            run.assertLogsStreamedExactly();
        }
    }

    @Test
    void aFailedEvaluationSkipsTheExportAndSaysSo() throws Exception {
        try (TestbedRun run = run("auto-export-failed", "+env_vars.STANDIN_FAIL_EXIT_CODE=lit:3")) {
            RunRecord end = run.runToEnd(Duration.ofMinutes(4));

            TaskRecord t = end.tasks().get(0);
            assertThat(t.stop()).as(run.chainStatusText()).isEqualTo("failed");
            assertThat(t.export().outcome()).isEqualTo(ExportStatus.SKIPPED);
            assertThat(run.chainEvents()).noneMatch(e -> e.event().startsWith("export"));
            assertThat(run.remote("test -e " + Shell.quote(run.taskDir() + "/artifacts/exporter_standin.jsonl")).exitCode())
                    .as("the exporter never ran").isNotZero();
            assertThat(run.logs.narrated()).contains("INFO " + t.id() + ": auto-export to mlflow, local: skipped (the evaluation"
                    + " did not complete: chain stopped failed (code=3))");
            String slurmLog = new String(run.logs.bytesOf(t.id(), "slurm-" + t.currentJobId()), StandardCharsets.UTF_8);
            assertThat(slurmLog).contains("the evaluation failed (exit code 3): skipping auto-export");
            run.assertCleanEnd();
        }
    }
}
