package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.config.model.AuxiliaryDeployment;
import io.jenkins.plugins.slurmevaluate.config.model.Deployment;
import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.PlannedTask;
import io.jenkins.plugins.slurmevaluate.env.EnvGroup;
import io.jenkins.plugins.slurmevaluate.env.EnvValue;
import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.results.GateReport;
import io.jenkins.plugins.slurmevaluate.results.VerdictOptions;
import io.jenkins.plugins.slurmevaluate.results.Verdicts;
import io.jenkins.plugins.slurmevaluate.results.gate.Gate;
import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.read.ResultsReader;
import io.jenkins.plugins.slurmevaluate.script.RenderedTask;
import io.jenkins.plugins.slurmevaluate.script.ScriptRenderer;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import io.jenkins.plugins.slurmevaluate.slurm.SubmissionFailedException;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.ExportStatus;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The lifecycle of an evaluation, from a validated plan to a verdict: {@link #prepare} renders every task (no remote
 * I/O), {@link #submit} stages and submits, {@link #watch} follows the chains and streams their logs until every chain
 * has stopped, {@link #collect} downloads artifacts and logs, {@link #verdict} gates on the scores. {@link #kill},
 * {@link #resume} and {@link #reconcile} act on a saved {@link RunRecord} from any process.
 *
 * <p>The CLI drives these steps in the foreground; the Jenkins step drives the same ones from its execution. One
 * {@link ClusterWatcher} per remote host is shared by every run watched through this evaluator.
 */
public final class Evaluator implements AutoCloseable {

    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final WatchSettings settings;
    private final ScriptRenderer renderer = new ScriptRenderer();
    private final Map<RemoteHost, ClusterWatcher> watchers = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    public Evaluator(Clock clock, ScheduledExecutorService scheduler, WatchSettings settings) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    /** This build's version, as recorded in every run config. */
    public static String version() {
        String v = Evaluator.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** A new invocation id: 16 lowercase hex digits, like the reference's. */
    public String newInvocationId() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Renders every task of the plan for the given cluster. Nothing touches the cluster.
     *
     * @param configSource where the config came from, for messages
     */
    public Submission prepare(EvaluationPlan plan, ClusterRef cluster, String configSource, List<String> gates, String baseline) {
        String invocationId = newInvocationId();
        EvalConfig m = plan.model();
        String runDir = TaskLayout.invocationDirName(LocalDateTime.now(clock), invocationId);
        List<TaskRecord> tasks = new ArrayList<>();
        List<RenderedTask> files = new ArrayList<>();
        String invocationDir = null;
        for (PlannedTask t : plan.tasks()) {
            TaskLayout layout = TaskLayout.of(m.execution().outputDir(), runDir, t.task().name(), t.task().index());
            invocationDir = layout.invocationDir();
            ScriptSpec spec = ScriptSpecs.of(plan, t, layout, invocationId, version());
            files.add(renderer.render(spec));
            tasks.add(TaskRecord.planned(t.task().name(), t.task().index(), layout.taskDir(),
                    ScriptSpecs.jobName(m.execution(), layout, invocationId))
                    .withExport(spec.export().map(x -> ExportStatus.pending(x.destinations())).orElse(null)));
        }
        Set<String> secretNames = new LinkedHashSet<>();
        Set<String> secretValues = new LinkedHashSet<>();
        for (PlannedTask t : plan.tasks()) {
            for (EnvGroup g : t.envGroups()) {
                g.vars().forEach((name, v) -> {
                    if (v.spec().kind() == EnvValue.Kind.HOST && v.value() != null && !v.value().isEmpty()) {
                        secretNames.add(v.spec().text());
                        secretValues.add(v.value().reveal());
                    }
                });
            }
        }
        RunRecord record = new RunRecord(RunRecord.SCHEMA, invocationId, clock.instant(), cluster, configSource, invocationDir,
                new ArrayList<>(secretNames), gates, baseline, RunRecord.Phase.SUBMITTING, tasks, null, null);
        return new Submission(record, files, mountSources(m), new ArrayList<>(m.execution().mounts().created()),
                new ArrayList<>(secretValues));
    }

    /**
     * Checks the mount sources, uploads every task and submits each one separately. The record is handed to
     * {@code save} before the first {@code sbatch} and after every job id.
     *
     * @throws SubmissionFailedException when sbatch refused a task (the record saved says which, and the tasks submitted
     *     before it keep running)
     */
    public RunRecord submit(Submission s, RemoteHost host, Consumer<RunRecord> save, LogSink sink)
            throws IOException, SubmissionFailedException {
        return new Stager(host, clock, settings.commandTimeout()).stageAndSubmit(s, save, sink);
    }

    /**
     * Finishes a submission that a crash interrupted after the record was saved: finds the jobs it submitted but did
     * not record ({@link #reconcile}), then submits only the tasks that still have none. Never submits a task twice.
     *
     * @throws SubmissionFailedException when sbatch refused a task (the record saved says which)
     */
    public RunRecord submitRest(RunRecord record, RemoteHost host, Consumer<RunRecord> save, LogSink sink)
            throws IOException, SubmissionFailedException {
        Stager stager = new Stager(host, clock, settings.commandTimeout());
        return stager.submitPending(stager.reconcile(record, sink), save, sink);
    }

    /** Fills in job ids that a crashed process submitted but did not record (found by the chains' job names). */
    public RunRecord reconcile(RunRecord record, RemoteHost host, LogSink sink) throws IOException {
        return new Stager(host, clock, settings.commandTimeout()).reconcile(record, sink);
    }

    /** Follows every chain of the run, streaming its logs from the record's offsets, until they have all stopped. */
    public synchronized Watch watch(RunRecord record, RemoteHost host, LogSink sink, Consumer<RunRecord> save) {
        ClusterWatcher w = watchers.computeIfAbsent(host, h -> new ClusterWatcher(h, scheduler, clock, settings));
        return w.watch(record, sink, save);
    }

    /**
     * One look at the run without following it: each task's state, job ids and stop reason as Slurm and the chain
     * files show them now. Cancels nothing and reads no log; the record it returns may be saved.
     *
     * @throws IOException when the cluster cannot be reached
     */
    public RunRecord refresh(RunRecord record, RemoteHost host, LogSink sink) throws IOException {
        // a watcher of its own: the shared one's loop state belongs to its own thread
        return new ClusterWatcher(host, scheduler, clock, settings).snapshot(record, sink);
    }

    /**
     * Prints the log lines written since the record's offsets, once, and returns the record with the offsets moved
     * past them. Follows the newest two links of each task known to the record: {@link #refresh} it first.
     */
    public RunRecord readLogs(RunRecord record, RemoteHost host, LogSink sink) throws IOException {
        return new LogStreamer(host, sink, settings.commandTimeout()).poll(record);
    }

    /** The watcher of that host, for counters in tests and benchmarks; null if nothing was watched there. */
    public synchronized ClusterWatcher watcherOf(RemoteHost host) {
        return watchers.get(host);
    }

    /** Stops and drops the watcher of a host that nobody watches any more and that is about to be closed. */
    public synchronized void forget(RemoteHost host) {
        ClusterWatcher w = watchers.remove(host);
        if (w != null) {
            w.close();
        }
    }

    /** Cancels every job of every chain of the run and waits until squeue shows none of them alive. */
    public RunRecord kill(RunRecord record, RemoteHost host, LogSink sink) throws IOException, InterruptedException {
        return new ChainCanceller(host, settings.commandTimeout(), clock, d -> Thread.sleep(d.toMillis()))
                .kill(record, sink, Duration.ofSeconds(30));
    }

    /**
     * Starts a new chain for every task that did not complete (killed, failed, stopped by a budget, never
     * submitted), with fresh budgets; the earlier chain files are kept with a time suffix.
     *
     * @throws IllegalStateException when a job of the run is still queued or running
     */
    public RunRecord resume(RunRecord record, RemoteHost host, LogSink sink, Consumer<RunRecord> save)
            throws IOException, SubmissionFailedException {
        return new Resumer(host, clock, settings.commandTimeout()).resume(record, sink, save);
    }

    /** Downloads the artifacts (without caches) and logs of every task into {@code dest}, within the limits. */
    public Collected collect(RunRecord record, RemoteHost host, Path dest, CollectLimits limits) throws IOException {
        return new ArtifactCollector(host).collect(record, dest, limits);
    }

    /**
     * Gates the downloaded results. The report's verdict is the gates' (PASS / FAIL / INCONCLUSIVE); the record's
     * verdict is ERROR instead when any task's chain did not complete, since then the scores cannot be trusted.
     */
    public Outcome verdict(RunRecord record, Path collected, List<Gate> gates, Invocation baseline, VerdictOptions options)
            throws IOException {
        List<String> dirs = record.tasks().stream().map(t -> t.taskDir().substring(t.taskDir().lastIndexOf('/') + 1)).toList();
        Invocation results = ResultsReader.readInvocation(collected).expecting(dirs);
        GateReport report = baseline == null ? Verdicts.evaluate(results, gates, options)
                : Verdicts.evaluate(results, gates, baseline, options);
        List<String> broken = new ArrayList<>();
        for (int i = 0; i < record.tasks().size(); i++) {
            TaskRecord t = record.tasks().get(i);
            report = report.withTaskStatus(dirs.get(i), t.stop() == null ? String.valueOf(t.state()) : t.stop(), t.jobIds());
            if (!t.succeeded()) {
                broken.add(t.id() + " " + t.stop() + (t.stopDetail() == null || t.stopDetail().isEmpty() ? "" : " (" + t.stopDetail() + ")"));
            }
        }
        String overall = broken.isEmpty() ? report.verdict().name() : "ERROR";
        String message = broken.isEmpty() ? report.count(io.jenkins.plugins.slurmevaluate.results.Verdict.PASS) + " of "
                + report.results().size() + " checks passed" : "tasks did not complete: " + String.join("; ", broken);
        // the export does not change the verdict (the reference only logs its failures), but the message says it
        List<String> exports = record.tasks().stream().filter(t -> t.export() != null)
                .map(t -> t.id() + " " + t.export().describe()).toList();
        if (!exports.isEmpty()) {
            message += "; " + String.join("; ", exports);
        }
        return new Outcome(overall, message, report, record.withVerdict(overall, message).withPhase(RunRecord.Phase.DONE, message));
    }

    /**
     * The outcome of an invocation.
     *
     * @param verdict PASS, FAIL, INCONCLUSIVE, or ERROR when a task did not complete
     * @param message one line saying why
     * @param report every gate and score
     * @param record the final record
     */
    public record Outcome(String verdict, String message, GateReport report, RunRecord record) {}

    @Override
    public synchronized void close() {
        watchers.values().forEach(ClusterWatcher::close);
        watchers.clear();
    }

    /**
     * Directories that must exist on the cluster before submission (reference a.4, PR #562); not those written
     * relative, which staging creates.
     */
    static List<String> mountSources(EvalConfig m) {
        Set<String> dirs = new LinkedHashSet<>();
        if (!m.deployment().isNone()) {
            addServerSources(dirs, m.deployment());
            dirs.addAll(m.execution().mounts().deployment().keySet());
        }
        for (AuxiliaryDeployment a : m.auxiliaryDeployments()) {
            addServerSources(dirs, a.server());
            dirs.addAll(m.execution().mounts().auxiliary().getOrDefault(a.name(), Map.of()).keySet());
        }
        dirs.addAll(m.execution().mounts().evaluation().keySet());
        if (m.execution().autoExport() != null) { // checked now, not after the evaluation, when the export job starts
            dirs.addAll(m.execution().autoExport().exportMounts().keySet());
        }
        dirs.removeAll(m.execution().mounts().created()); // written relative: staging creates them instead
        return new ArrayList<>(dirs);
    }

    private static void addServerSources(Set<String> dirs, Deployment d) {
        if (d.checkpointPath() != null) {
            dirs.add(d.checkpointPath());
        }
        if (d.cachePath() != null) {
            dirs.add(d.cachePath());
        }
    }
}
