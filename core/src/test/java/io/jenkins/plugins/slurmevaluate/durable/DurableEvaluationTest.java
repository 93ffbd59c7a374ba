package io.jenkins.plugins.slurmevaluate.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle's paths that need no cluster: invalid configs, dry runs, early stops, a restart before anything ran. */
class DurableEvaluationTest {

    private static final String SECRET = "unit-SECRET-4711";
    private static final ClusterProfile PROFILE = new ClusterProfile("tb", "127.0.0.1", 2222, "slurmtest", null, null, null);
    private static final Supplier<RemoteHost> NO_HOST = () -> {
        throw new AssertionError("this evaluation must not connect to the cluster");
    };

    @TempDir
    Path scratch;

    @Test
    void anInvalidConfigFailsWithItsProblemsAndConnectsToNothing() throws Exception {
        try (RecordingPorts ports = ports()) {
            DurableEvaluation.create(request().overrides(List.of("execution.wallclock=1")).build()).start(ports);
            RecordingPorts.End end = ports.end.get(30, TimeUnit.SECONDS);
            assertThat(end.failure()).startsWith("configText is not valid (1 problem):")
                    .contains("execution.wallclock");
        }
    }

    @Test
    void aMissingSecretIsNamedWithTheSourceThatWasAsked() throws Exception {
        try (RecordingPorts ports = ports()) {
            DurableEvaluation.create(request().overrides(List.of("+env_vars.NOPE=host:NOPE")).build()).start(ports);
            assertThat(ports.end.get(30, TimeUnit.SECONDS).failure()).contains("NOPE").contains("the unit test's map");
        }
    }

    @Test
    void aBadGateStopsTheEvaluationBeforeAnythingIsSubmitted() throws Exception {
        try (RecordingPorts ports = ports()) {
            DurableEvaluation.create(request().gates(List.of("gsm8k.exact_match >= 80%")).build()).start(ports);
            assertThat(ports.end.get(30, TimeUnit.SECONDS).failure()).contains("gsm8k.exact_match >= 80%");
        }
    }

    @Test
    void aDryRunRendersTheScriptsWithoutSecretsAndSubmitsNothing() throws Exception {
        try (RecordingPorts ports = ports()) {
            DurableEvaluation ev = DurableEvaluation.create(request().dryRun(true)
                    .overrides(List.of("+env_vars.PROBE_TOKEN=host:PROBE_TOKEN")).build());
            ev.start(ports);
            RecordingPorts.End end = ports.end.get(30, TimeUnit.SECONDS);
            assertThat(end.failure()).isNull();
            assertThat(end.result().getVerdict()).isEqualTo(EvaluationResult.DRY_RUN);
            assertThat(end.result().getTasks()).extracting(EvaluationResult.Task::getId).containsExactly("gsm8k.1");
            assertThat(ev.stage()).isEqualTo(DurableEvaluation.Stage.FINISHED);
            Path runSub = ports.published.get(0).resolve("gsm8k.1").resolve("run.sub");
            assertThat(runSub).exists();
            try (var files = Files.walk(ports.published.get(0))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(f)).as(f.toString()).doesNotContain(SECRET);
                }
            }
            assertThat(ports.lines).extracting(RecordingPorts.Line::text).anyMatch(t -> t.startsWith("dry run: gsm8k.1"))
                    .noneMatch(t -> t.contains(SECRET));
        }
    }

    @Test
    void aDryRunShowsWhatEachReferenceToAJudgeResolvesTo() throws Exception {
        try (RecordingPorts ports = ports()) {
            DurableEvaluation.create(EvaluationRequest.builder().configText(Files.readString(Path.of("..", "examples",
                    "testbed_judge.yaml"))).dryRun(true).build()).start(ports);
            assertThat(ports.end.get(30, TimeUnit.SECONDS).failure()).isNull();
            assertThat(ports.lines).extracting(RecordingPorts.Line::text).contains(
                    "dry run: gsm8k.0 config.params.extra.judge.url: auxiliary_deployments.judge.chat_url -> "
                            + "http://${JUDGE_PRIMARY_NODE}:8001/v1/chat/completions",
                    "dry run: gsm8k.0 config.params.extra.judge.model_id: auxiliary_deployments.judge.model_id -> tiny-judge");
        }
    }

    @Test
    void aStopDuringPlanningSubmitsNothingAndReportsTheStop() throws Exception {
        CountDownLatch planning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (RecordingPorts ports = heldInPlanning(planning, release)) {
            DurableEvaluation ev = DurableEvaluation.create(request().build());
            ev.start(ports);
            planning.await(30, TimeUnit.SECONDS);
            ev.stop();
            assertThat(ev.status()).isEqualTo("cancelling the Slurm jobs");
            release.countDown();
            assertThat(ports.end.get(30, TimeUnit.SECONDS).stopped()).isTrue();
            assertThat(ev.stage()).isEqualTo(DurableEvaluation.Stage.STOPPED);
            assertThat(ev.record()).isNull();
            assertThat(ports.lines).extracting(RecordingPorts.Line::text).contains("stopped before anything was submitted");
        }
    }

    @Test
    void aStopDuringADryRunsPlanningEndsAsStoppedNotAsASuccess() throws Exception {
        CountDownLatch planning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (RecordingPorts ports = heldInPlanning(planning, release)) {
            DurableEvaluation ev = DurableEvaluation.create(request().dryRun(true).build());
            ev.start(ports);
            planning.await(30, TimeUnit.SECONDS);
            ev.stop();
            release.countDown();
            assertThat(ports.end.get(30, TimeUnit.SECONDS).stopped()).as("log: %s", ports.lines).isTrue();
            assertThat(ev.stage()).isEqualTo(DurableEvaluation.Stage.STOPPED);
            assertThat(ports.published).isEmpty();
        }
    }

    /** Ports whose cluster lookup, the start of planning, waits until released: a test acts while planning runs. */
    private RecordingPorts heldInPlanning(CountDownLatch planning, CountDownLatch release) {
        return new RecordingPorts(PROFILE, secrets(), NO_HOST, scratch) {
            @Override
            public ClusterProfile cluster(EvaluationRequest request) {
                planning.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return PROFILE;
            }
        };
    }

    @Test
    void anEvaluationSavedBeforeItRanPlansAfreshWhenResumed() throws Exception {
        EvaluationRequest request = request().dryRun(true).build();
        DurableEvaluation back = DurableEvaluationIT.deserialize(DurableEvaluationIT.serialize(DurableEvaluation.create(request)));
        assertThat(back.request()).isEqualTo(request);
        assertThat(back.stage()).isEqualTo(DurableEvaluation.Stage.NEW);
        try (RecordingPorts ports = ports()) {
            back.resume(ports);
            assertThat(ports.end.get(30, TimeUnit.SECONDS).result().getVerdict()).isEqualTo(EvaluationResult.DRY_RUN);
        }
    }

    @Test
    void aConfigPathIsReadThroughThePortsAndKeptForARestart() throws Exception {
        Path config = scratch.resolve("eval.yaml");
        Files.writeString(config, testbedConfig());
        DurableEvaluation ev = DurableEvaluation.create(EvaluationRequest.builder().configPath(config.toString())
                .tasks(List.of("gsm8k")).dryRun(true).build());
        try (RecordingPorts ports = ports()) {
            ev.start(ports);
            ports.end.get(30, TimeUnit.SECONDS);
        }
        assertThat(ev.request().configText()).isEqualTo(testbedConfig());
        assertThat(ev.request().configName()).isEqualTo(config.toString());
    }

    private RecordingPorts ports() {
        return new RecordingPorts(PROFILE, secrets(), NO_HOST, scratch);
    }

    private static SecretSource secrets() {
        return SecretSource.of(Map.of("PROBE_TOKEN", SECRET), "the unit test's map");
    }

    private static EvaluationRequest.Builder request() throws IOException {
        return EvaluationRequest.builder().configText(testbedConfig()).tasks(List.of("gsm8k"));
    }

    private static String testbedConfig() throws IOException {
        return Files.readString(Path.of("..", "examples", "testbed.yaml"));
    }
}
