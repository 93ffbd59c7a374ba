package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigException;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.LoadedConfig;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.Planner;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.results.VerdictOptions;
import io.jenkins.plugins.slurmevaluate.results.gate.Gate;
import io.jenkins.plugins.slurmevaluate.results.gate.Gates;
import io.jenkins.plugins.slurmevaluate.run.CollectLimits;
import io.jenkins.plugins.slurmevaluate.run.Collected;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.run.Submission;
import io.jenkins.plugins.slurmevaluate.run.Watch;
import io.jenkins.plugins.slurmevaluate.slurm.SlurmClient;
import io.jenkins.plugins.slurmevaluate.slurm.SubmissionFailedException;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunRecordJson;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One evaluation driven by a long-lived host (a Jenkins step execution) that may be serialized at any moment and
 * brought back in another process: plan → submit → watch → collect and gate → deliver, or stop → cancel the chains.
 *
 * <p><b>State.</b> Persisted: the request (names and text, no secret), the stage, the {@link RunRecord} (as JSON:
 * job ids and log offsets), the result once known, the failure message, and whether a stop was asked for. Everything
 * live (ports, the masked log, the watch, held log lines) is transient and rebuilt by {@link #resume}, which only
 * re-attaches: it never submits again (a record saved in SUBMITTING is reconciled against the queue first) and
 * streams every log from its saved offset.
 *
 * <p><b>Exactly-once logs.</b> Remote lines are held back until the record covering them is kept (see
 * {@link ExactlyOnceSink}); serialization takes the same lock, so the saved offsets always match what was printed.
 * {@link #detach()} (before a planned shutdown) stops the watch and drops held lines; a crash may repeat the lines
 * printed after the last save.
 *
 * <p><b>Threading.</b> {@link #start}, {@link #resume}, {@link #stop} and {@link #detach} do no I/O and return at
 * once; the work runs on {@link EvaluationPorts#scheduler()}, one step at a time. The monitor of this object guards
 * the fields and is never held during I/O or while calling a port that may block.
 */
public final class DurableEvaluation implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(DurableEvaluation.class.getName());
    /** Offsets alone are saved at most this often; chain changes are saved at once. */
    private static final long OFFSET_SAVE_MILLIS = TimeUnit.SECONDS.toMillis(10);
    /** Pause before a submission interrupted by a connection problem is picked up again. */
    private static final long SUBMIT_RETRY_SECONDS = 30;
    private static final int SUBMIT_ATTEMPTS = 20;

    /** How far the lifecycle got; the last three are final. */
    public enum Stage {
        /** Nothing submitted; a restart here plans again from the request. */
        NEW,
        /** The record is saved and some tasks may be submitted; a restart reconciles before submitting the rest. */
        SUBMITTING,
        WATCHING,
        COLLECTING,
        FINISHED,
        FAILED,
        STOPPED;

        public boolean isFinal() {
            return this == FINISHED || this == FAILED || this == STOPPED;
        }
    }

    /** What the user asked; gains the config (and baseline) text once read. */
    private EvaluationRequest request;
    /** How far the lifecycle got. */
    private Stage stage = Stage.NEW;
    /** The record as JSON: written from {@link #record} when this object is serialized. */
    private String recordJson;
    /** The outcome once {@link Stage#FINISHED}. */
    private EvaluationResult result;
    /** Why it failed, once {@link Stage#FAILED}. */
    private String failure;
    /** A stop was asked for; the next tick cancels the chains. */
    private boolean stopRequested;

    /** The newest record, null until the submission saved one; rebuilt from {@link #recordJson} on load. */
    private transient RunRecord record;
    /** Set by {@link #start}/{@link #resume}; null while detached or not yet resumed. */
    private transient EvaluationPorts ports;
    /** The log with every secret masked; built lazily after a restart from the record's secret names. */
    private transient LogSink log;
    /** What the running watch prints into; null when no watch runs. */
    private transient ExactlyOnceSink watchSink;
    /** The running watch, or null. */
    private transient Watch watch;
    /** Set by {@link #detach()}: nothing more is printed or delivered until the next attachment. */
    private transient boolean detached;
    /** Set once the ports heard how it ended; cleared by every attachment, so a restart delivers again. */
    private transient boolean delivered;
    /** A tick runs (or is queued) on the scheduler; a second request sets {@link #tickAgain} instead. */
    private transient boolean ticking;
    /** Another tick is wanted after the running one. */
    private transient boolean tickAgain;
    /** When the state was last saved, for the offset-only save interval; 0 after loading. */
    private transient long lastSaveMillis;
    /** Submission attempts interrupted by connection problems in this attachment. */
    private transient int submitAttempts;

    private DurableEvaluation(EvaluationRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    /** A new evaluation; nothing happens until {@link #start}. */
    public static DurableEvaluation create(EvaluationRequest request) {
        return new DurableEvaluation(request);
    }

    /** Begins the lifecycle on the ports' scheduler. No I/O on the calling thread. */
    public void start(EvaluationPorts ports) {
        attach(ports);
    }

    /**
     * Re-attaches after this object was deserialized (or detached): rebuilds the handles lazily and goes on from the
     * saved stage. Never submits anything that the record says was submitted. No I/O on the calling thread.
     */
    public void resume(EvaluationPorts ports) {
        attach(ports);
    }

    /** Asks for the whole run to be cancelled; the ports hear {@link EvaluationPorts#stopped()} when it is done. */
    public void stop() {
        Watch w;
        synchronized (this) {
            if (stopRequested || stage.isFinal()) {
                return;
            }
            stopRequested = true;
            w = watch;
        }
        if (w != null) {
            w.stop(); // the kill waits for nothing else; the tick does it
        }
        schedule();
    }

    /**
     * Lets go of this process's handles before it goes away (a planned shutdown): the watch stops and held log lines
     * are dropped, so the state saved afterwards covers exactly what was printed. The jobs keep running.
     */
    public void detach() {
        Watch w;
        synchronized (this) {
            detached = true;
            w = watch;
            watch = null;
            if (watchSink != null) {
                watchSink.close();
                watchSink = null;
            }
        }
        if (w != null) {
            w.stop();
        }
    }

    public synchronized Stage stage() {
        return stage;
    }

    public synchronized EvaluationRequest request() {
        return request;
    }

    /** The newest record, or null before the submission saved one. */
    public synchronized RunRecord record() {
        return record;
    }

    /** The result once {@link Stage#FINISHED}, else null. */
    public synchronized EvaluationResult result() {
        return result;
    }

    /** A short phrase for status displays. */
    public String status() {
        Watch w;
        Stage s;
        synchronized (this) {
            w = watch;
            s = stage;
            if (stopRequested && !s.isFinal()) {
                return "cancelling the Slurm jobs";
            }
        }
        return switch (s) {
            case NEW -> "planning";
            case SUBMITTING -> "submitting";
            case WATCHING -> w == null ? "re-attaching to the Slurm jobs" : "watching: " + w.status();
            case COLLECTING -> "downloading artifacts and gating";
            default -> s.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private void attach(EvaluationPorts newPorts) {
        synchronized (this) {
            ports = Objects.requireNonNull(newPorts, "ports");
            detached = false;
            delivered = false;
            watch = null;
            watchSink = null;
            log = null;
        }
        schedule();
    }

    /** Runs {@link #tick} on the scheduler, or once more after the running one. */
    private void schedule() {
        EvaluationPorts p;
        synchronized (this) {
            if (ports == null || detached) {
                return;
            }
            if (ticking) {
                tickAgain = true;
                return;
            }
            ticking = true;
            p = ports;
        }
        p.scheduler().execute(this::tickLoop);
    }

    private void tickLoop() {
        while (true) {
            try {
                tick();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "slurm-evaluate lifecycle step failed", e);
                fail("internal error: " + e);
            }
            synchronized (this) {
                if (!tickAgain || detached) {
                    ticking = false;
                    return;
                }
                tickAgain = false;
            }
        }
    }

    private void tick() {
        Stage s;
        synchronized (this) {
            if (detached || delivered) {
                return;
            }
            s = stage;
            if (stopRequested && !s.isFinal()) {
                s = null;
            }
        }
        if (s == null) {
            cancel();
            return;
        }
        try {
            switch (s) {
                case NEW -> planAndSubmit();
                case SUBMITTING -> submitRest();
                case WATCHING -> watch();
                case COLLECTING -> collectAndGate();
                default -> deliver();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    private void planAndSubmit() throws InterruptedException {
        EvaluationPorts p = ports;
        EvaluationRequest req;
        ClusterProfile profile;
        try {
            req = withFilesRead(p, request);
            synchronized (this) {
                request = req;
            }
            profile = p.cluster(req);
        } catch (IOException e) {
            fail(e.getMessage());
            return;
        }
        RecordingSecrets secrets = new RecordingSecrets(p.secrets());
        ConfigLoader loader = new ConfigLoader(p.environment());
        LoadedConfig first = loader.inspect(req.configName(), req.configText(), req.overrides());
        List<String> overrides = new ArrayList<>(profile.overridesFor(first));
        overrides.addAll(req.overrides());
        EvaluationPlan plan = null;
        String problem = null;
        try {
            plan = new Planner(loader, TaskCatalog.bundled()).plan(loader.inspect(req.configName(), req.configText(),
                    overrides), secrets, req.tasks());
            Gates.parse(req.gates());
            Baseline.read(req, p);
        } catch (ConfigException e) {
            problem = req.configName() + " is not valid (" + e.problems().size() + " problem"
                    + (e.problems().size() == 1 ? "" : "s") + "):\n" + e.getMessage();
        } catch (IllegalArgumentException | IOException e) {
            problem = e.getMessage();
        }
        LogSink masked = LogSink.masking(p.log(), secrets.values());
        synchronized (this) {
            log = masked;
        }
        if (problem != null) {
            fail(problem);
            return;
        }
        plan.warnings().forEach(masked::warn);
        Evaluator evaluator = p.evaluator();
        Submission submission = evaluator.prepare(plan, profile.ref(plan.model()), req.configName(), req.gates(),
                req.baselinePath());
        if (req.dryRun()) {
            dryRun(p, submission, masked);
            return;
        }
        synchronized (this) {
            if (stopRequested) {
                return; // the next tick stops; nothing was submitted
            }
        }
        RemoteHost host;
        try {
            host = p.host(req, submission.record().cluster());
        } catch (IOException e) {
            fail(e.getMessage());
            return;
        }
        synchronized (this) {
            stage = Stage.SUBMITTING;
        }
        masked.info("submitting invocation " + submission.record().invocationId() + " (" + plan.tasks().size()
                + " task(s)) to " + profile.describe());
        RunRecord submitted;
        try {
            submitted = evaluator.submit(submission, host, this::saveBeforeSubmit, masked);
        } catch (SubmissionFailedException e) {
            masked.warn("sbatch refused a task: " + e.getMessage().lines().findFirst().orElse("")
                    + "; the tasks submitted before it go on, the rest are marked submit_failed");
            submitted = record();
        } catch (IOException e) {
            submissionInterrupted(e);
            return;
        }
        toWatching(submitted);
    }

    /** After a restart in SUBMITTING: find what was submitted, submit only what was not, then watch. */
    private void submitRest() throws InterruptedException {
        RunRecord r = record();
        if (r == null) {
            synchronized (this) {
                stage = Stage.NEW; // nothing was submitted: the record is saved (and waited for) before any sbatch
            }
            schedule();
            return;
        }
        try {
            RemoteHost host = ports.host(request(), r.cluster());
            r = ports.evaluator().reconcile(r, host, log());
            SlurmClient slurm = new SlurmClient(host);
            for (int i = 0; i < r.tasks().size(); i++) {
                TaskRecord t = r.tasks().get(i);
                if (!t.submitted() && !t.chainStopped()) {
                    String id = slurm.submit(t.taskDir() + "/run.sub", List.of());
                    r = r.withTask(i, x -> x.withJobIds(List.of(id)).withState("PENDING").withLastAlive(ports.clock().instant()));
                    saveBeforeSubmit(r);
                    log().info(t.id() + ": submitted as job " + id + " (" + t.jobName() + ")");
                }
            }
        } catch (SubmissionFailedException e) {
            fail("sbatch refused a task: " + e.getMessage());
            return;
        } catch (IOException e) {
            submissionInterrupted(e);
            return;
        }
        toWatching(r.withPhase(RunRecord.Phase.WATCHING, "every task submitted"));
    }

    private void submissionInterrupted(IOException e) {
        if (record() == null) {
            fail("submission failed before any job was submitted: " + e.getMessage());
            return;
        }
        if (++submitAttempts >= SUBMIT_ATTEMPTS) {
            fail("submission could not be completed after " + submitAttempts + " attempts: " + e.getMessage());
            return;
        }
        log().warn("submission interrupted (" + e.getMessage() + "); checking the queue and going on in "
                + SUBMIT_RETRY_SECONDS + " s");
        ports.scheduler().schedule(this::schedule, SUBMIT_RETRY_SECONDS, TimeUnit.SECONDS);
    }

    private void toWatching(RunRecord r) {
        synchronized (this) {
            record = r;
            stage = Stage.WATCHING;
        }
        save(true, false);
        schedule();
    }

    private void watch() {
        RunRecord r;
        synchronized (this) {
            if (watch != null) {
                return;
            }
            r = record;
        }
        RemoteHost host;
        try {
            host = ports.host(request(), r.cluster());
        } catch (IOException e) {
            fail(e.getMessage());
            return;
        }
        LogSink masked = log();
        long running = r.tasks().stream().filter(t -> !t.chainStopped()).count();
        masked.info("following invocation " + r.invocationId() + " on " + r.cluster().describe() + ": " + running
                + " of " + r.tasks().size() + " task chain(s) to watch");
        ExactlyOnceSink sink = new ExactlyOnceSink(masked, this);
        synchronized (this) {
            if (detached || stopRequested) {
                return;
            }
            watchSink = sink;
        }
        Watch w = ports.evaluator().watch(r, host, sink, updated -> watched(sink, updated));
        synchronized (this) {
            if (watchSink != sink) {
                w.stop(); // detached or stopped meanwhile
                return;
            }
            watch = w;
        }
        w.done().whenComplete((finalRecord, error) -> watchEnded(sink, error));
    }

    /** Called by the watcher with every changed record: prints the lines it covers and keeps it, atomically. */
    private void watched(ExactlyOnceSink sink, RunRecord r) {
        boolean chainChanged;
        synchronized (this) {
            if (watchSink != sink || detached) {
                return; // a watch that was stopped: its lines are read again by the next one
            }
            sink.flush();
            chainChanged = record == null || chainsDiffer(record, r);
            record = r;
        }
        save(chainChanged, false);
    }

    private void watchEnded(ExactlyOnceSink sink, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        synchronized (this) {
            if (watchSink != sink || cause instanceof CancellationException) {
                return; // detached or stopped: someone else goes on
            }
            watchSink = null;
            watch = null;
            if (cause == null) {
                stage = Stage.COLLECTING;
            }
        }
        if (cause != null) {
            fail("lost the cluster: " + cause.getMessage() + "; the jobs may still be running");
            return;
        }
        save(true, false);
        schedule();
    }

    private void collectAndGate() throws InterruptedException {
        EvaluationPorts p = ports;
        RunRecord r = record();
        LogSink masked = log();
        Path dir;
        Evaluator.Outcome outcome;
        try {
            dir = p.scratchDirectory();
            RemoteHost host = p.host(request(), r.cluster());
            try {
                Collected c = p.evaluator().collect(r, host, dir, CollectLimits.defaults());
                masked.info("downloaded " + c.files() + " file(s), " + (c.bytes() >> 10) + " KiB of artifacts and logs");
            } catch (IOException e) {
                masked.warn("could not download the artifacts: " + e.getMessage());
            }
            List<Gate> gates = Gates.parse(request().gates());
            outcome = p.evaluator().verdict(r, dir, gates, Baseline.read(request(), p), VerdictOptions.defaults());
            Files.writeString(dir.resolve("slurm-evaluate-summary.json"), outcome.report().toJson());
            Files.writeString(dir.resolve("slurm-evaluate-gates.xml"), outcome.report().toJUnitXml());
            Files.writeString(dir.resolve("slurm-evaluate-gates.txt"), outcome.report().toText());
        } catch (IOException e) {
            fail("cannot gate invocation " + r.invocationId() + ": " + e.getMessage());
            return;
        }
        outcome.report().toText().lines().forEach(masked::info);
        masked.info("verdict: " + outcome.verdict() + " (" + outcome.message() + ")");
        EvaluationResult res = EvaluationResult.of(outcome);
        synchronized (this) {
            record = outcome.record();
        }
        publish(p, res, dir, masked);
        synchronized (this) {
            result = res;
            stage = Stage.FINISHED;
        }
        save(true, false);
        deliver();
    }

    private void dryRun(EvaluationPorts p, Submission submission, LogSink masked) throws InterruptedException {
        RunRecord planned = submission.record();
        for (TaskRecord t : planned.tasks()) {
            masked.info("dry run: " + t.id() + " would be submitted as " + t.jobName() + " in " + t.taskDir());
        }
        Path dir = null;
        try {
            dir = p.scratchDirectory();
            submission.writeDryRunFiles(dir);
        } catch (IOException e) {
            masked.warn("could not write the rendered scripts: " + e.getMessage());
        }
        EvaluationResult res = EvaluationResult.dryRun(planned, "dry run: " + planned.tasks().size()
                + " task(s) planned, nothing submitted");
        publish(p, res, dir, masked);
        synchronized (this) {
            result = res;
            stage = Stage.FINISHED;
        }
        save(true, false);
        deliver();
    }

    private static void publish(EvaluationPorts p, EvaluationResult res, Path dir, LogSink masked)
            throws InterruptedException {
        try {
            p.publish(res, dir, masked);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "publishing failed", e);
            masked.warn("could not publish the results: " + e);
        }
    }

    /** Cancels every chain of the run (if anything was submitted), then reports the stop. */
    private void cancel() {
        Watch w;
        RunRecord r;
        synchronized (this) {
            w = watch;
            watch = null;
            if (watchSink != null) {
                watchSink.close();
                watchSink = null;
            }
            r = record;
        }
        if (w != null) {
            w.stop();
        }
        LogSink masked = log();
        if (r == null || r.tasks().stream().noneMatch(TaskRecord::submitted)) {
            masked.info("stopped before anything was submitted");
        } else if (r.allChainsStopped() || r.phase().finished()) {
            masked.info("stopped; every chain of invocation " + r.invocationId() + " had already ended");
        } else {
            try {
                RunRecord killed = ports.evaluator().kill(r, ports.host(request(), r.cluster()), masked);
                synchronized (this) {
                    record = killed;
                }
            } catch (IOException e) {
                masked.warn("could not cancel every job of invocation " + r.invocationId() + ": " + e.getMessage()
                        + "; cancel them by name with scancel --name=<job name> (" + jobNames(r) + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                masked.warn("interrupted while cancelling invocation " + r.invocationId());
            }
        }
        synchronized (this) {
            stage = Stage.STOPPED;
        }
        save(true, false);
        deliver();
    }

    private void fail(String message) {
        Watch w;
        synchronized (this) {
            if (stage.isFinal()) {
                return;
            }
            stage = Stage.FAILED;
            failure = message;
            w = watch;
            watch = null;
            if (watchSink != null) {
                watchSink.close();
                watchSink = null;
            }
        }
        if (w != null) {
            w.stop();
        }
        save(true, false);
        deliver();
    }

    /** Tells the ports how it ended, once per attachment. */
    private void deliver() {
        EvaluationPorts p;
        Stage s;
        synchronized (this) {
            if (delivered || detached || !stage.isFinal()) {
                return;
            }
            delivered = true;
            p = ports;
            s = stage;
        }
        switch (s) {
            case FINISHED -> p.finished(result());
            case FAILED -> p.failed(failureMessage());
            default -> p.stopped();
        }
    }

    private synchronized String failureMessage() {
        return failure;
    }

    private void saveBeforeSubmit(RunRecord r) {
        synchronized (this) {
            record = r;
        }
        save(true, true);
    }

    /**
     * @param important save now, whatever the interval (a chain changed, a stage ended)
     * @param wait return only once the state is durable (before an sbatch)
     */
    private void save(boolean important, boolean wait) {
        EvaluationPorts p;
        synchronized (this) {
            p = ports;
            long now = p == null ? 0 : p.clock().millis();
            if (p == null || (!important && now - lastSaveMillis < OFFSET_SAVE_MILLIS)) {
                return;
            }
            lastSaveMillis = now;
        }
        p.persist(wait);
    }

    /** The masked log, rebuilt after a restart from the secret names in the record. */
    private LogSink log() {
        EvaluationPorts p;
        RunRecord r;
        synchronized (this) {
            if (log != null) {
                return log;
            }
            p = ports;
            r = record;
        }
        List<String> values = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : r == null ? List.<String>of() : r.secretNames()) {
            p.secrets().lookup(name).ifPresentOrElse(values::add, () -> missing.add(name));
        }
        LogSink masked = LogSink.masking(p.log(), values);
        if (!missing.isEmpty()) {
            masked.warn("cannot look up " + String.join(", ", missing) + " any more (in " + p.secrets().describe()
                    + "); their values are not masked in the rest of this log");
        }
        synchronized (this) {
            if (log == null) {
                log = masked;
            }
            return log;
        }
    }

    private static EvaluationRequest withFilesRead(EvaluationPorts p, EvaluationRequest req)
            throws IOException, InterruptedException {
        EvaluationRequest.Builder b = req.toBuilder();
        if (req.configText() == null) {
            b.configText(p.readFile(req.configPath()));
        }
        if (req.baselinePath() != null && req.baselineText() == null) {
            b.baselineText(p.readFile(req.baselinePath()));
        }
        return b.build();
    }

    private static boolean chainsDiffer(RunRecord a, RunRecord b) {
        if (a.tasks().size() != b.tasks().size() || a.phase() != b.phase()) {
            return true;
        }
        for (int i = 0; i < a.tasks().size(); i++) {
            TaskRecord x = a.tasks().get(i);
            TaskRecord y = b.tasks().get(i);
            if (!x.jobIds().equals(y.jobIds()) || !Objects.equals(x.state(), y.state())
                    || !Objects.equals(x.stop(), y.stop())) {
                return true;
            }
        }
        return false;
    }

    private static String jobNames(RunRecord r) {
        return String.join(", ", r.tasks().stream().map(TaskRecord::jobName).toList());
    }

    private synchronized void writeObject(ObjectOutputStream out) throws IOException {
        recordJson = record == null ? null : new String(RunRecordJson.write(record), StandardCharsets.UTF_8);
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        record = recordJson == null ? null : RunRecordJson.read(recordJson.getBytes(StandardCharsets.UTF_8));
    }
}
