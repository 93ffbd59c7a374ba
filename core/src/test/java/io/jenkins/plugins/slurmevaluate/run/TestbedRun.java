package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.Planner;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.layout.ChainEvent;
import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.FileChunk;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.results.VerdictOptions;
import io.jenkins.plugins.slurmevaluate.results.gate.Gates;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunRecordJson;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import io.jenkins.plugins.slurmevaluate.testbed.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One evaluation of {@code examples/testbed.yaml} on the Slurm test bed, driven through the {@link Evaluator} the way
 * the CLI and the Jenkins step drive it, plus the checks every end-to-end scenario ends with: each remote log file
 * arrived in the sink byte for byte, the only jobs with the chain's name are the one we submitted and the successors
 * the chain queued, and nothing of the run is left in the queue.
 *
 * <p>Each run gets its own output directory, deployment port and (through the invocation id) job name, so runs of
 * parallel tests, and of other people, never meet. The engine talks to the test bed through a {@link RecordingHost};
 * the test's own queries use a second connection, so they neither count as the engine's commands nor trip its hooks.
 */
final class TestbedRun implements AutoCloseable {

    static final Path CONFIG = Path.of("..", "examples", "testbed.yaml").toAbsolutePath().normalize();
    static final String TASK = "gsm8k";
    private static final Path LOCAL_ROOT = Path.of("target", "e2e");

    final String label;
    /** The config this run evaluates: {@link #CONFIG} unless a test names another. */
    private final Path config;
    final Testbed testbed = Testbed.load();
    /** The engine's connection; replaced by {@link #reattach}. */
    private volatile RecordingHost host;
    /** Every engine connection this run had, to count the engine's sbatch calls over all of them. */
    private final List<RecordingHost> hosts = new CopyOnWriteArrayList<>();
    /** The test's own connection, for queries that are not the engine's. */
    final RemoteHost admin;
    final StreamedLogs logs;
    final String outputDir;
    final int port;
    final Path localDir;
    private final List<String> overrides;
    private final SecretSource secrets;
    private final WatchSettings settings;
    private volatile ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final Instant started = Instant.now();
    /** Every record the engine asked to save, as JSON, in order. */
    private final List<byte[]> saved = new CopyOnWriteArrayList<>();
    private volatile Evaluator evaluator;
    private Submission submission;
    private volatile RunRecord record;
    private Watch watch;

    private TestbedRun(String label, Path config, List<String> extraOverrides, Map<String, String> secretValues,
            WatchSettings settings) {
        this.label = label;
        this.config = config;
        this.host = new RecordingHost(testbed.ssh());
        hosts.add(host);
        this.admin = testbed.ssh();
        this.logs = new StreamedLogs(label);
        this.outputDir = testbed.uniqueDir("e2e-" + label);
        this.port = Testbed.deploymentPort();
        this.localDir = LOCAL_ROOT.resolve(outputDir.substring(outputDir.lastIndexOf('/') + 1)).toAbsolutePath();
        this.secrets = SecretSource.of(secretValues, "the test's secrets");
        this.settings = settings;
        List<String> o = new ArrayList<>(List.of("execution.output_dir=" + outputDir, "deployment.port=" + port,
                "execution.account=" + testbed.account(), "execution.partition=" + testbed.partition(),
                "execution.username=" + testbed.sshUser()));
        o.addAll(extraOverrides);
        this.overrides = List.copyOf(o);
        this.evaluator = new Evaluator(Clock.systemUTC(), scheduler, settings);
    }

    /** Watch settings for tests: the defaults with status polls of 2-15 s, so a scenario does not idle for 30 s. */
    static WatchSettings testSettings() {
        return WatchSettings.defaults().withStatusIntervals(Duration.ofSeconds(2), Duration.ofSeconds(15));
    }

    static TestbedRun of(String label, String... overrides) {
        return new TestbedRun(label, CONFIG, List.of(overrides), Map.of(), testSettings());
    }

    static TestbedRun of(String label, Map<String, String> secrets, WatchSettings settings, String... overrides) {
        return new TestbedRun(label, CONFIG, List.of(overrides), secrets, settings);
    }

    /** A run of another config (it must have the task {@link #TASK}); the overrides go after the run's own. */
    static TestbedRun of(String label, Path config, String... overrides) {
        return new TestbedRun(label, config.toAbsolutePath().normalize(), List.of(overrides), Map.of(), testSettings());
    }

    Evaluator evaluator() {
        return evaluator;
    }

    RecordingHost host() {
        return host;
    }

    /**
     * Drops every object of the engine, as a process that dies or a Jenkins controller that restarts does: stops the
     * watch, closes the evaluator, waits until its threads have stopped (so the last save is on disk), closes the
     * connection. Returns the run record JSON saved last, the only thing that survives.
     */
    byte[] detach() throws Exception {
        watch.stop();
        evaluator.close();
        scheduler.shutdown();
        assertThat(scheduler.awaitTermination(2, TimeUnit.MINUTES)).as("the old watcher's threads stopped").isTrue();
        host.close();
        watch = null;
        return Files.readAllBytes(localDir.resolve("run-record.json"));
    }

    /** A fresh connection, scheduler and evaluator that watch the run again from the saved JSON alone. */
    Watch reattach(byte[] json) throws IOException {
        host = new RecordingHost(testbed.ssh());
        hosts.add(host);
        scheduler = Executors.newScheduledThreadPool(2);
        evaluator = new Evaluator(Clock.systemUTC(), scheduler, settings);
        record = RunRecordJson.read(json);
        return watch();
    }

    /** The sink the engine writes to: the recorder behind the secret masker, as the CLI and the plugin wire it. */
    LogSink sink() {
        return LogSink.masking(logs, submission == null ? List.of() : submission.secretValues());
    }

    /** Plans, renders, uploads and submits the task; returns the record with its first job id. */
    RunRecord submit() throws Exception {
        EvaluationPlan plan = new Planner(new ConfigLoader(Map.of()), TaskCatalog.bundled())
                .plan(config, overrides, secrets, List.of(TASK));
        ClusterRef cluster = new ClusterRef("testbed", testbed.get("TESTBED_SSH_HOST"),
                Integer.parseInt(testbed.get("TESTBED_SSH_PORT")), testbed.sshUser(), false);
        submission = evaluator.prepare(plan, cluster, config.toString(), List.of(), null);
        record = evaluator.submit(submission, host, save(), sink());
        return record;
    }

    /** The consumer the engine saves records with: keeps the JSON, as a CLI keeps its run file. */
    Consumer<RunRecord> save() {
        return r -> {
            record = r;
            try {
                byte[] json = RunRecordJson.write(r);
                saved.add(json);
                Files.createDirectories(localDir);
                Files.write(localDir.resolve("run-record.json"), json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Starts watching with this run's evaluator. */
    Watch watch() {
        watch = evaluator.watch(record, host, sink(), save());
        return watch;
    }

    /** Waits for the watch to finish; fails with the chain's files and the queue when it does not. */
    RunRecord awaitDone(Watch w, Duration timeout) throws Exception {
        try {
            record = w.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return record;
        } catch (TimeoutException e) {
            throw new AssertionError(label + ": the watch did not finish within " + timeout + "; status: " + w.status()
                    + "\n.chain_status:\n" + chainStatusText() + "\nqueue:\n" + queueText(), e);
        }
    }

    /** Submits, watches until every chain stopped, and returns the final record. */
    RunRecord runToEnd(Duration timeout) throws Exception {
        submit();
        return awaitDone(watch(), timeout);
    }

    Path collect() throws IOException {
        Path dest = localDir.resolve("collected");
        evaluator.collect(record, host, dest, CollectLimits.defaults());
        return dest;
    }

    Evaluator.Outcome verdict(Path collected, String... gates) throws IOException {
        Evaluator.Outcome o = evaluator.verdict(record, collected, Gates.parse(List.of(gates)), null, VerdictOptions.defaults());
        save().accept(o.record());
        return o;
    }

    RunRecord record() {
        return record;
    }

    TaskRecord task() {
        return record.tasks().get(0);
    }

    Submission submission() {
        return submission;
    }

    List<byte[]> savedRecords() {
        return List.copyOf(saved);
    }

    /** Runs a shell command on the test bed as the test user (the test's own connection). */
    ExecResult remote(String script) throws IOException {
        return admin.exec(List.of("bash", "-c", script), Duration.ofSeconds(60));
    }

    /** A remote file's bytes, whole. */
    byte[] remoteBytes(String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long offset = 0;
        while (true) {
            FileChunk c = admin.readFile(path, offset, 1 << 20);
            if (c.missing()) {
                throw new IOException(path + " does not exist on the test bed");
            }
            out.writeBytes(c.bytes());
            offset += c.bytes().length;
            if (c.bytes().length == 0 || offset >= c.size()) {
                return out.toByteArray();
            }
        }
    }

    String remoteText(String path) throws IOException {
        return new String(remoteBytes(path), StandardCharsets.UTF_8);
    }

    String taskDir() {
        return record.tasks().get(0).taskDir();
    }

    String jobName() {
        return record.tasks().get(0).jobName();
    }

    List<ChainEvent> chainEvents() throws IOException {
        return ChainEvent.parseAll(chainStatusText());
    }

    /** The chain's events without their time stamps ({@code "12 started link=1"}), for readable assertions. */
    List<String> chainLines() throws IOException {
        return chainStatusText().lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    String chainStatusText() {
        try {
            return remote("cat " + Shell.quote(taskDir() + "/.chain_status") + " 2>/dev/null || true").stdout();
        } catch (IOException e) {
            return "(cannot read: " + e + ")";
        }
    }

    String queueText() {
        try {
            return remote("squeue --me -t all -o '%i %j %T %r'").stdout();
        } catch (IOException e) {
            return "(cannot read: " + e + ")";
        }
    }

    /** The job ids of the run's chain that are pending or running, as {@code squeue --me} shows them. */
    List<String> liveJobs() throws IOException {
        return remote("squeue --me -h -n " + Shell.quote(jobName()) + " -o %i").stdout().lines().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** Every job that ever carried the chain's name: sacct (since an hour ago) and squeue, which knows the newest. */
    Set<String> jobsNamed() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        remote("sacct -X -n -P -S now-2hours -o JobID --name=" + Shell.quote(jobName())).stdout().lines()
                .map(String::strip).filter(s -> s.matches("\\d+")).forEach(ids::add);
        remote("squeue --me -h -t all -n " + Shell.quote(jobName()) + " -o %i").stdout().lines().map(String::strip)
                .filter(s -> s.matches("\\d+")).forEach(ids::add);
        return ids;
    }

    // ---- the checks every scenario ends with ----

    /** Waits up to {@code patience} for {@code squeue --me} to show no job of the run; asserts it is empty. */
    Duration assertQueueEmpty(Duration patience) throws Exception {
        Instant from = Instant.now();
        List<String> live = liveJobs();
        while (!live.isEmpty() && Duration.between(from, Instant.now()).compareTo(patience) < 0) {
            Thread.sleep(500);
            live = liveJobs();
        }
        assertThat(live).as(label + ": jobs named %s still in squeue --me; queue:\n%s", jobName(), queueText()).isEmpty();
        return Duration.between(from, Instant.now());
    }

    /**
     * Exactly the jobs we expect carried the chain's name: the one {@code sbatch} the engine sent (or
     * {@code ownSubmissions} of them), one successor per link queued by the chain itself, and its auto-export job.
     */
    void assertNoDuplicateSubmissions(int ownSubmissions) throws IOException {
        List<List<String>> ours = hosts.stream().flatMap(h -> h.commands("sbatch").stream()).toList();
        assertThat(ours).as(label + ": sbatch calls made by the engine").hasSize(ownSubmissions);
        List<ChainEvent> events = chainEvents();
        List<String> successors = events.stream().filter(e -> e.event().equals("successor"))
                .map(e -> e.attribute("id").orElseThrow()).toList();
        assertThat(successors).as(label + ": successor ids in .chain_status").doesNotHaveDuplicates();
        Map<String, Long> perLink = events.stream().filter(e -> e.event().equals("successor"))
                .collect(Collectors.groupingBy(ChainEvent::jobId, Collectors.counting()));
        assertThat(perLink.values()).as(label + ": successors queued per link").allMatch(n -> n == 1);
        // an auto-export job shares the chain's name: at most one, queued by the chain's last link
        List<String> exports = events.stream().filter(e -> e.event().equals("export"))
                .map(e -> e.attribute("id").orElseThrow()).toList();
        assertThat(exports).as(label + ": export jobs queued").hasSizeLessThanOrEqualTo(1);
        Set<String> expected = new LinkedHashSet<>(firstJobs());
        expected.addAll(successors);
        expected.addAll(exports);
        assertThat(jobsNamed()).as(label + ": jobs named %s (ours: %s, the chain's successors: %s)", jobName(), firstJobs(),
                successors).containsExactlyInAnyOrderElementsOf(expected);
    }

    void assertNoDuplicateSubmissions() throws IOException {
        assertNoDuplicateSubmissions(1);
    }

    /** The job ids the engine's own sbatch calls returned, as recorded in the first saved record that has them. */
    List<String> firstJobs() throws IOException {
        List<String> ids = new ArrayList<>();
        for (byte[] json : saved) {
            RunRecord r = RunRecordJson.read(json);
            String first = r.tasks().get(0).jobIds().isEmpty() ? null : r.tasks().get(0).jobIds().get(0);
            if (first != null && !ids.contains(first)) {
                ids.add(first);
            }
        }
        return ids;
    }

    /**
     * Every file in the task's {@code logs/} reached the sink byte for byte, once: what the sink received for it
     * (each line plus the newline the streamer removed) equals the file's content now.
     */
    void assertLogsStreamedExactly() throws IOException {
        TaskRecord t = task();
        List<String> names = remote("cd " + Shell.quote(t.taskDir() + "/logs") + " && find . -maxdepth 1 -type f -name '*.log' "
                + "-printf '%f\\n' | sort").stdout().lines().toList();
        assertThat(names).as(label + ": log files").isNotEmpty();
        for (String name : names) {
            String source = name.substring(0, name.length() - ".log".length());
            String remoteText = new String(remoteBytes(t.taskDir() + "/logs/" + name), StandardCharsets.UTF_8)
                    .replace("\r\n", "\n");
            if (!remoteText.isEmpty() && !remoteText.endsWith("\n")) {
                remoteText += "\n";
            }
            String streamed = new String(logs.bytesOf(t.id(), source), StandardCharsets.UTF_8);
            assertThat(streamed).as(label + ": what the sink received of logs/%s (%d bytes on the test bed)", name,
                    remoteText.getBytes(StandardCharsets.UTF_8).length).isEqualTo(remoteText);
        }
        assertThat(logs.sourcesOf(t.id())).as(label + ": streamed sources that are not files in logs/")
                .allMatch(s -> names.contains(s + ".log"));
    }

    /** All three end-of-scenario checks. */
    void assertCleanEnd() throws Exception {
        assertQueueEmpty(Duration.ofSeconds(15));
        assertLogsStreamedExactly();
        assertNoDuplicateSubmissions();
    }

    Duration elapsed() {
        return Duration.between(started, Instant.now());
    }

    @Override
    public void close() throws IOException {
        if (watch != null) {
            watch.stop();
        }
        evaluator.close();
        scheduler.shutdownNow();
        try {
            if (record != null) {
                Files.createDirectories(localDir);
                Files.writeString(localDir.resolve("chain_status"), chainStatusText());
                // a failed test must not leave jobs behind for the next one
                for (TaskRecord t : record.tasks()) {
                    remote("scancel --name=" + Shell.quote(t.jobName()) + " 2>/dev/null; true"); // one name per call
                }
                if (!Boolean.getBoolean("testbed.keep")) {
                    remote("rm -rf " + Shell.quote(outputDir));
                }
            }
            System.out.printf("[%s] wall time %.1f s%n", label, elapsed().toMillis() / 1000.0);
        } finally {
            host.close();
            admin.close();
        }
    }
}
