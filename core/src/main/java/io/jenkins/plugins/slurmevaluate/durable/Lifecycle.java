package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.durable.DurableEvaluation.Stage;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.run.Watch;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one {@link DurableEvaluation} in this process. Holds everything a restart does not keep (the ports, the masked
 * log, the running watch), runs the step of the saved stage on the ports' scheduler one at a time, and ends the
 * evaluation (finished, failed or stopped): saves it and tells the ports, once per attachment. The stages' own work
 * is done by {@link Submitting}, {@link Watching}, {@link GatedRun} and {@link Cancellation}.
 *
 * <p>One lifecycle serves an evaluation object for as long as it lives, across detaching and re-attaching, so that
 * a step still running from before a re-attachment is never joined by a second one. Its fields are guarded by the
 * evaluation's monitor, so that a change of the evaluation's state and of what runs here is one atomic step.
 */
final class Lifecycle {

    /** The evaluation's logger, as before the lifecycle was a class of its own, since log settings name it. */
    private static final Logger LOG = Logger.getLogger(DurableEvaluation.class.getName());
    /**
     * Offsets alone are saved at most this often; chain changes are saved at once. Between two saves the ports keep
     * what was printed ({@link EvaluationPorts#printed}), so a rare save costs no repeated lines.
     */
    private static final long OFFSET_SAVE_MILLIS = TimeUnit.SECONDS.toMillis(60);

    private final DurableEvaluation evaluation;
    private final Submitting submitting;
    private final Watching watching;
    /** Set by {@link #attach}; null until the first attachment. */
    private EvaluationPorts ports;
    /** The log with every secret masked; built lazily after a restart from the record's secret names. */
    private LogSink log;
    /** Set by {@link #detach()}: nothing more is printed or delivered until the next attachment. */
    private boolean detached;
    /** Set once the ports heard how it ended; cleared by every attachment, so a restart delivers again. */
    private boolean delivered;
    /** A tick runs (or is queued) on the scheduler; a second request sets {@link #tickAgain} instead. */
    private boolean ticking;
    /** Another tick is wanted after the running one. */
    private boolean tickAgain;
    /** When the state was last saved, for the offset-only save interval; 0 after loading. */
    private long lastSaveMillis;
    /** The thread downloading the artifacts, which a stop interrupts; null otherwise. */
    private Thread collecting;

    Lifecycle(DurableEvaluation evaluation) {
        this.evaluation = evaluation;
        this.submitting = new Submitting(evaluation, this);
        this.watching = new Watching(evaluation, this);
    }

    /** Takes new ports (a start, or a resume after loading or detaching) and goes on from the saved stage. */
    void attach(EvaluationPorts newPorts) {
        synchronized (evaluation) {
            ports = Objects.requireNonNull(newPorts, "ports");
            detached = false;
            delivered = false;
            watching.forget();
            log = null;
        }
        schedule();
    }

    /** See {@link DurableEvaluation#stop()}. */
    void stop() {
        Watch w;
        synchronized (evaluation) {
            if (!evaluation.requestStop()) {
                return;
            }
            w = watching.current();
            if (collecting != null) {
                collecting.interrupt(); // a download of many GB need not finish before the build can stop
            }
        }
        if (w != null) {
            w.stop(); // the kill waits for nothing else; the tick does it
        }
        schedule();
    }

    /** See {@link DurableEvaluation#detach()}. */
    void detach() {
        Watch w;
        synchronized (evaluation) {
            detached = true;
            w = watching.release();
        }
        if (w != null) {
            w.stop();
        }
    }

    /** The running watch, for status displays, or null. */
    Watch runningWatch() {
        synchronized (evaluation) {
            return watching.current();
        }
    }

    /** Whether {@link #detach()} was called since the last attachment. */
    boolean detached() {
        synchronized (evaluation) {
            return detached;
        }
    }

    /** Runs {@link #tick} on the scheduler, or once more after the running one. */
    void schedule() {
        EvaluationPorts p;
        synchronized (evaluation) {
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
            synchronized (evaluation) {
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
        EvaluationPorts p;
        synchronized (evaluation) {
            if (detached || delivered) {
                return;
            }
            s = evaluation.stage();
            if (evaluation.stopRequested() && !s.isFinal()) {
                s = null;
            }
            p = ports;
        }
        if (s == null) {
            cancel(p);
            return;
        }
        try {
            switch (s) {
                case NEW -> submitting.planAndSubmit(p);
                case SUBMITTING -> submitting.submitRest(p);
                case WATCHING -> watching.start(p);
                case COLLECTING -> collectAndGate(p);
                default -> deliver();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    private void collectAndGate(EvaluationPorts p) throws InterruptedException {
        RunRecord r = evaluation.record();
        LogSink masked = log();
        GatedRun gated;
        synchronized (evaluation) {
            collecting = evaluation.stopRequested() ? null : Thread.currentThread();
        }
        try {
            gated = GatedRun.collectAndGate(p, evaluation.request(), r, masked);
        } catch (IOException e) {
            if (evaluation.stopRequested()) {
                stopWithoutResult(masked);
            } else {
                fail("cannot gate invocation " + r.invocationId() + ": " + e.getMessage());
            }
            return;
        } finally {
            synchronized (evaluation) {
                collecting = null; // from here on no stop interrupts this thread
            }
            Thread.interrupted();
        }
        evaluation.keepRecord(gated.record());
        finish(p, gated.result(), gated.directory(), masked);
    }

    /** A stop that came after the chains ended: nothing is left to cancel, nothing is delivered but the stop. */
    private void stopWithoutResult(LogSink masked) {
        masked.info("stopped before the results were published; they are not published");
        synchronized (evaluation) {
            evaluation.enter(Stage.STOPPED);
        }
        save(true, false);
        deliver();
    }

    /** Cancels every chain of the run (if anything was submitted), then reports the stop. */
    private void cancel(EvaluationPorts p) {
        Watch w;
        RunRecord r;
        synchronized (evaluation) {
            w = watching.release();
            r = evaluation.record();
        }
        if (w != null) {
            w.stop();
        }
        RunRecord killed = Cancellation.cancel(p, evaluation.request(), r, log());
        synchronized (evaluation) {
            if (killed != null) {
                evaluation.keepRecord(killed);
            }
            evaluation.enter(Stage.STOPPED);
        }
        save(true, false);
        deliver();
    }

    /**
     * Publishes the result, then keeps and delivers it; a restart after the save delivers it without publishing. A
     * stop asked for meanwhile wins: the build must not go on as if the evaluation had passed after its user aborted.
     */
    void finish(EvaluationPorts p, EvaluationResult res, Path dir, LogSink masked) throws InterruptedException {
        if (evaluation.stopRequested()) {
            stopWithoutResult(masked);
            return;
        }
        try {
            p.publish(res, dir, masked);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "publishing failed", e);
            masked.warn("could not publish the results: " + e);
        }
        boolean stopped;
        synchronized (evaluation) {
            stopped = evaluation.stopRequested();
            if (stopped) {
                evaluation.enterStopped(res);
            } else {
                evaluation.enterFinished(res);
            }
        }
        if (stopped) { // told outside the monitor, which is never held while writing to the log
            masked.info("stopped while the results were published; the verdict " + res.getVerdict()
                    + " is recorded, the step ends as stopped");
        }
        save(true, false);
        deliver();
    }

    /** Ends the evaluation as failed (unless it ended already) and stops the watch; the jobs are left alone. */
    void fail(String message) {
        Watch w;
        synchronized (evaluation) {
            if (!evaluation.enterFailed(message)) {
                return;
            }
            w = watching.release();
        }
        if (w != null) {
            w.stop();
        }
        save(true, false);
        deliver();
    }

    /** Keeps the record of a complete submission and goes on to watch it. */
    void toWatching(RunRecord r) {
        synchronized (evaluation) {
            evaluation.keepRecord(r);
            evaluation.enter(Stage.WATCHING);
        }
        save(true, false);
        schedule();
    }

    /** Tells the ports how it ended, once per attachment. */
    private void deliver() {
        EvaluationPorts p;
        Stage s;
        synchronized (evaluation) {
            if (delivered || detached || !evaluation.stage().isFinal()) {
                return;
            }
            delivered = true;
            p = ports;
            s = evaluation.stage();
        }
        switch (s) {
            case FINISHED -> p.finished(evaluation.result());
            case FAILED -> p.failed(evaluation.failure());
            default -> p.stopped();
        }
    }

    /** Keeps the record and returns once it is durable: called before every sbatch. */
    void saveBeforeSubmit(RunRecord r) {
        evaluation.keepRecord(r);
        save(true, true);
    }

    /**
     * @param important save now, whatever the interval (a chain changed, a stage ended)
     * @param wait return only once the state is durable (before an sbatch)
     */
    void save(boolean important, boolean wait) {
        EvaluationPorts p;
        synchronized (evaluation) {
            p = ports;
            long now = p == null ? 0 : p.clock().millis();
            if (p == null || (!important && now - lastSaveMillis < OFFSET_SAVE_MILLIS)) {
                return;
            }
            lastSaveMillis = now;
        }
        p.persist(important, wait);
    }

    /** Uses the log that planning masked with the secrets it looked up. */
    void useLog(LogSink masked) {
        synchronized (evaluation) {
            log = masked;
        }
    }

    /** The masked log, rebuilt after a restart from the secret names in the record. */
    LogSink log() {
        EvaluationPorts p;
        RunRecord r;
        synchronized (evaluation) {
            if (log != null) {
                return log;
            }
            p = ports;
            r = evaluation.record();
        }
        LogSink masked = MaskedLog.rebuild(p, r);
        synchronized (evaluation) {
            if (log == null) {
                log = masked;
            }
            return log;
        }
    }
}
