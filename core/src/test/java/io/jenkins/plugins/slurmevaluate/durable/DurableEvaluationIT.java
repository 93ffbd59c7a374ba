package io.jenkins.plugins.slurmevaluate.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import io.jenkins.plugins.slurmevaluate.testbed.Testbed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jenkins step's lifecycle without Jenkins, on the Slurm test bed (testbed/up.sh): an evaluation is started, its
 * state is serialized mid-run the way a Pipeline saves its program (Java serialization, after the plugin's shutdown
 * hook detached it), every live object is dropped, and a new "process" deserializes it and re-attaches. The run must
 * finish with every remote log line printed exactly once across both halves, one {@code sbatch} in all, and no secret
 * value in the serialized state or the log.
 */
@Tag("testbed")
class DurableEvaluationIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private final String secret = "dur-SECRET-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    @TempDir
    Path scratch;

    private Testbed testbed;
    private String outputDir;
    private RunRecord lastRecord;

    @BeforeEach
    void setUp() {
        testbed = Testbed.load();
        outputDir = testbed.uniqueDir("durable");
    }

    @AfterEach
    void cleanUp() throws IOException {
        try (RemoteHost host = testbed.ssh()) {
            if (lastRecord != null) {
                for (TaskRecord t : lastRecord.tasks()) {
                    host.exec(List.of("scancel", "--name=" + t.jobName()), Duration.ofSeconds(30));
                }
            }
            if (!Boolean.getBoolean("testbed.keep")) {
                host.exec(List.of("rm", "-rf", outputDir), Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void anEvaluationSerializedMidRunFinishesAfterReattachingWithEachLogLineOnceAndOneSubmission() throws Exception {
        List<String> hostEvents = Collections.synchronizedList(new ArrayList<>());
        DurableEvaluation evaluation = DurableEvaluation.create(request(15));
        RecordingPorts first = ports("first", hostEvents, false);
        evaluation.start(first);
        awaitClientLine(first, "sample 3/");
        evaluation.detach();
        byte[] saved = serialize(evaluation);
        List<RecordingPorts.Line> firstLines = first.remoteLines();
        assertThat(first.end).as("the first half must not have ended").isNotDone();
        assertThat(evaluation.stage()).isEqualTo(DurableEvaluation.Stage.WATCHING);
        lastRecord = evaluation.record();
        first.close();
        evaluation = null;
        assertThat(new String(saved, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        TimeUnit.SECONDS.sleep(4); // "Jenkins is down": the job goes on writing

        DurableEvaluation back = deserialize(saved);
        assertThat(back.record().tasks().get(0).logOffsets()).as("offsets survive serialization").isNotEmpty();
        RecordingPorts second = ports("second", hostEvents, false);
        RecordingPorts.End end;
        try (second) {
            back.resume(second);
            end = second.end.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            lastRecord = back.record();
            assertThat(end.failure()).as("failure; log: %s", second.lines).isNull();
            assertThat(end.result().getVerdict()).as(end.result().getMessage()).isEqualTo("PASS");
            assertThat(end.result().getScores()).extracting(EvaluationResult.Score::getKey)
                    .contains("gsm8k.exact_match.strict-match");
            assertThat(serialize(end.result().toMap())).as("the return value is serializable").isNotEmpty();

            List<RecordingPorts.Line> all = new ArrayList<>(firstLines);
            all.addAll(second.remoteLines());
            TaskRecord task = back.record().tasks().get(0);
            assertThat(task.jobIds()).hasSize(1);
            assertThat(hostEvents.stream().filter("sbatch"::equals)).as("sbatch calls").hasSize(1);
            assertThat(first.events.indexOf("persist-wait")).as("the record is saved before sbatch").isNotNegative();
            assertThat(cat(second, task.taskDir() + "/.slurm_job_id.list").strip()).isEqualTo(task.jobIds().get(0));

            List<String> files = List.of(ls(second, task.taskDir() + "/logs").split("\n"));
            assertThat(files).contains("slurm-" + task.jobIds().get(0) + ".log", "client-" + task.jobIds().get(0) + ".log");
            for (String file : files) {
                String source = file.substring(0, file.length() - ".log".length());
                List<String> expected = lines(cat(second, task.taskDir() + "/logs/" + file).replace(secret, "****"));
                List<String> got = all.stream().filter(l -> l.source().equals(source)).map(RecordingPorts.Line::text).toList();
                assertThat(got).as("lines of %s across both halves", file).isEqualTo(expected);
            }
            assertThat(firstLines).as("the first half printed some lines").isNotEmpty();
            assertThat(second.remoteLines()).as("the second half printed the rest").isNotEmpty();
            assertThat(cat(second, task.taskDir() + "/logs/client-" + task.jobIds().get(0) + ".log"))
                    .as("the remote log holds the secret").contains(secret);
            assertThat(all).extracting(RecordingPorts.Line::text).anyMatch(t -> t.contains("probe token is ****"))
                    .noneMatch(t -> t.contains(secret));
            assertThat(second.lines).extracting(RecordingPorts.Line::text).noneMatch(t -> t.contains(secret));
            assertThat(second.published).hasSize(1);
            assertThat(second.published.get(0).resolve("slurm-evaluate-gates.xml")).exists();
        }
    }

    @Test
    void aSubmissionWhoseAnswerWasLostIsFoundByNameAfterReattachingAndNotSubmittedAgain() throws Exception {
        List<String> hostEvents = Collections.synchronizedList(new ArrayList<>());
        DurableEvaluation evaluation = DurableEvaluation.create(request(4));
        RecordingPorts first = ports("first", hostEvents, true);
        evaluation.start(first);
        await(() -> first.lines.stream().anyMatch(l -> l.text().startsWith("submission interrupted")), first);
        evaluation.detach();
        lastRecord = evaluation.record();
        assertThat(lastRecord.tasks().get(0).jobIds()).as("the lost answer left no job id").isEmpty();
        byte[] saved = serialize(evaluation);
        first.close();

        DurableEvaluation back = deserialize(saved);
        assertThat(back.stage()).isEqualTo(DurableEvaluation.Stage.SUBMITTING);
        try (RecordingPorts second = ports("second", hostEvents, false)) {
            back.resume(second);
            RecordingPorts.End end = second.end.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            lastRecord = back.record();
            assertThat(end.failure()).as("failure; log: %s", second.lines).isNull();
            assertThat(end.result().getVerdict()).as(end.result().getMessage()).isEqualTo("PASS");
            String jobId = lastRecord.tasks().get(0).jobIds().get(0);
            assertThat(second.lines).extracting(RecordingPorts.Line::text)
                    .contains("gsm8k.1: found job " + jobId + " submitted before the interruption");
            assertThat(hostEvents).containsExactly("sbatch", "sbatch-answer-lost");
        }
    }

    @Test
    void stoppingMidRunCancelsTheWholeChainAndLeavesNothingInTheQueue() throws Exception {
        DurableEvaluation evaluation = DurableEvaluation.create(request(30));
        try (RecordingPorts ports = ports("only", Collections.synchronizedList(new ArrayList<>()), false)) {
            evaluation.start(ports);
            awaitClientLine(ports, "sample 2/");
            evaluation.stop();
            RecordingPorts.End end = ports.end.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            lastRecord = evaluation.record();
            assertThat(end.stopped()).as("log: %s", ports.lines).isTrue();
            assertThat(evaluation.stage()).isEqualTo(DurableEvaluation.Stage.STOPPED);
            assertThat(lastRecord.phase()).isEqualTo(RunRecord.Phase.KILLED);
            assertThat(ports.lines).extracting(RecordingPorts.Line::text)
                    .anyMatch(t -> t.startsWith("cancelled jobs "))
                    .contains("nothing of invocation " + lastRecord.invocationId() + " is left in the queue");
            String queued = ports.host(null, null).exec(List.of("squeue", "--me", "-h", "-t", "PENDING,RUNNING,SUSPENDED",
                    "-n", lastRecord.tasks().get(0).jobName()), Duration.ofSeconds(30)).stdout();
            assertThat(queued).isBlank();
        }
    }

    @Test
    void aStopWhileTheArtifactsAreDownloadedEndsAsStoppedAtOnceAndPublishesNothing() throws Exception {
        java.util.concurrent.CountDownLatch downloading = new java.util.concurrent.CountDownLatch(1);
        DurableEvaluation evaluation = DurableEvaluation.create(request(2));
        ClusterProfile profile = new ClusterProfile("testbed", testbed.get("TESTBED_SSH_HOST"),
                Integer.parseInt(testbed.get("TESTBED_SSH_PORT")), testbed.sshUser(), testbed.account(), null, null);
        SecretSource secrets = SecretSource.of(Map.of("PROBE_TOKEN", secret), "the test's map");
        try (RecordingPorts ports = new RecordingPorts(profile, secrets, () -> new SlowDownloadHost(testbed.ssh(), downloading),
                scratch.resolve("slow"))) {
            evaluation.start(ports);
            assertThat(downloading.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("log: %s", ports.lines).isTrue();
            lastRecord = evaluation.record();
            long start = System.nanoTime();
            evaluation.stop();
            RecordingPorts.End end = ports.end.get(60, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(end.stopped()).as("the step must end as stopped, not with the verdict; log: %s", ports.lines).isTrue();
            assertThat(millis).as("the download is not waited for").isLessThan(10_000);
            assertThat(evaluation.stage()).isEqualTo(DurableEvaluation.Stage.STOPPED);
            assertThat(ports.published).isEmpty();
            assertThat(ports.lines).extracting(RecordingPorts.Line::text)
                    .contains("stopped before the results were published; they are not published");
        }
    }

    /** A host whose artifact download takes two minutes unless the downloading thread is interrupted. */
    private static final class SlowDownloadHost extends io.jenkins.plugins.slurmevaluate.remote.ForwardingRemoteHost {
        private final java.util.concurrent.CountDownLatch downloading;

        SlowDownloadHost(RemoteHost delegate, java.util.concurrent.CountDownLatch downloading) {
            super(delegate);
            this.downloading = downloading;
        }

        @Override
        public ExecResult execStreaming(List<String> argv, java.io.OutputStream stdout, Duration timeout) throws IOException {
            if (String.join(" ", argv).contains("TAR=(")) {
                downloading.countDown();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while downloading (test)");
                }
            }
            return super.execStreaming(argv, stdout, timeout);
        }
    }

    private RecordingPorts ports(String name, List<String> hostEvents, boolean loseFirstSbatchAnswer) {
        ClusterProfile profile = new ClusterProfile("testbed", testbed.get("TESTBED_SSH_HOST"),
                Integer.parseInt(testbed.get("TESTBED_SSH_PORT")), testbed.sshUser(), testbed.account(), null, null);
        SecretSource secrets = SecretSource.of(Map.of("PROBE_TOKEN", secret), "the test's map");
        return new RecordingPorts(profile, secrets, () -> new EventHost(testbed.ssh(), hostEvents, loseFirstSbatchAnswer),
                scratch.resolve(name));
    }

    private EvaluationRequest request(int samples) throws IOException {
        int port = Testbed.deploymentPort();
        return EvaluationRequest.builder()
                .configText(Files.readString(Path.of("..", "examples", "testbed.yaml")))
                .overrides(List.of("execution.output_dir=" + outputDir, "deployment.port=" + port,
                        "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:1", "+env_vars.STANDIN_NUM_SAMPLES=lit:" + samples,
                        "evaluation.nemo_evaluator_config.config.params.limit_samples=" + samples,
                        "+env_vars.PROBE_TOKEN=host:PROBE_TOKEN", "++evaluation.pre_cmd='echo probe token is $PROBE_TOKEN'"))
                .tasks(List.of("gsm8k"))
                .gates(List.of("gsm8k.exact_match.strict-match >= 0"))
                .trust(new io.jenkins.plugins.slurmevaluate.config.plan.Trust(true, false)) // the pre_cmd above
                .build();
    }

    private static void awaitClientLine(RecordingPorts ports, String text) throws InterruptedException {
        await(() -> ports.remoteLines().stream().anyMatch(l -> l.source().startsWith("client-") && l.text().contains(text)),
                ports);
    }

    private static void await(java.util.function.BooleanSupplier condition, RecordingPorts ports) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (ports.end.isDone()) {
                throw new AssertionError("ended early: " + ports.end.join() + "; log: " + ports.lines);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("condition not met after " + TIMEOUT + "; log: " + ports.lines);
    }

    private static String cat(RecordingPorts ports, String path) throws IOException {
        ExecResult r = ports.host(null, null).exec(List.of("cat", path), Duration.ofSeconds(30));
        assertThat(r.ok()).as("cat %s: %s", path, r.stderr()).isTrue();
        return r.stdout();
    }

    private static String ls(RecordingPorts ports, String dir) throws IOException {
        return ports.host(null, null).exec(List.of("ls", "-1", dir), Duration.ofSeconds(30)).stdout().strip();
    }

    /** The lines the log streamer prints for a final file: split at \n, a trailing \r dropped, no empty tail. */
    private static List<String> lines(String content) {
        List<String> out = new ArrayList<>();
        for (String l : content.split("\n", -1)) {
            out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    static DurableEvaluation deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (DurableEvaluation) in.readObject();
        }
    }
}
