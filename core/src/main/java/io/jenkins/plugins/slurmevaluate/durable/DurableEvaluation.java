package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.run.Watch;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunRecordJson;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One evaluation driven by a long-lived host (a Jenkins step execution) that may be serialized at any moment and
 * brought back in another process: plan → submit → watch → collect and gate → deliver, or stop → cancel the chains.
 *
 * <p><b>State.</b> Persisted: the request (names and text, no secret), the stage, the {@link RunRecord} (as JSON:
 * job ids and log offsets), the result once known, the failure message, and whether a stop was asked for. Everything
 * live (ports, the masked log, the watch, held log lines) is transient, held by the {@link Lifecycle} and rebuilt by
 * {@link #resume}, which only re-attaches: it never submits again (a record saved in SUBMITTING is reconciled
 * against the queue first) and streams every log from its saved offset.
 *
 * <p><b>Exactly-once logs.</b> Remote lines are held back until the record covering them is kept (see
 * {@link ExactlyOnceSink}); serialization takes the same lock, so the saved offsets always match what was printed.
 * {@link #detach()} (before a planned shutdown) stops the watch and drops held lines; a crash may repeat the lines
 * printed after the last save.
 *
 * <p><b>Threading.</b> {@link #start}, {@link #resume}, {@link #stop} and {@link #detach} do no I/O and return at
 * once; the work runs on {@link EvaluationPorts#scheduler()}, one step at a time. The monitor of this object guards
 * its fields and the lifecycle's, and is never held during I/O or while calling a port that may block.
 */
public final class DurableEvaluation implements Serializable {

    private static final long serialVersionUID = 1L;

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
    /** What runs the stages in this process; made on first use, so also after loading. */
    private transient Lifecycle lifecycle;

    private DurableEvaluation(EvaluationRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    /** A new evaluation; nothing happens until {@link #start}. */
    public static DurableEvaluation create(EvaluationRequest request) {
        return new DurableEvaluation(request);
    }

    /** Begins the lifecycle on the ports' scheduler. No I/O on the calling thread. */
    public void start(EvaluationPorts ports) {
        lifecycle().attach(ports);
    }

    /**
     * Re-attaches after this object was deserialized (or detached): rebuilds the handles lazily and goes on from the
     * saved stage. Never submits anything that the record says was submitted. No I/O on the calling thread.
     */
    public void resume(EvaluationPorts ports) {
        lifecycle().attach(ports);
    }

    /** Asks for the whole run to be cancelled; the ports hear {@link EvaluationPorts#stopped()} when it is done. */
    public void stop() {
        lifecycle().stop();
    }

    /**
     * Lets go of this process's handles before it goes away (a planned shutdown): the watch stops and held log lines
     * are dropped, so the state saved afterwards covers exactly what was printed. The jobs keep running.
     */
    public void detach() {
        lifecycle().detach();
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
            w = lifecycle().runningWatch();
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

    // The lifecycle changes the persisted state through the methods below only. Where a change must go together with
    // one of its own (the watch it stops, say), it holds this object's monitor around both.

    synchronized boolean stopRequested() {
        return stopRequested;
    }

    /** Notes that a stop was asked for; false when one was asked already or the evaluation has ended. */
    synchronized boolean requestStop() {
        if (stopRequested || stage.isFinal()) {
            return false;
        }
        stopRequested = true;
        return true;
    }

    synchronized String failure() {
        return failure;
    }

    /** Keeps the request with its files read, so that a restart plans from the same text. */
    synchronized void keepRequest(EvaluationRequest withFiles) {
        request = withFiles;
    }

    synchronized void keepRecord(RunRecord r) {
        record = r;
    }

    synchronized void enter(Stage next) {
        stage = next;
    }

    synchronized void enterFinished(EvaluationResult res) {
        result = res;
        stage = Stage.FINISHED;
    }

    /** Ends as stopped although the result is known (a stop that came while it was published). */
    synchronized void enterStopped(EvaluationResult res) {
        result = res;
        stage = Stage.STOPPED;
    }

    /** Fails the evaluation with that message; false when it had ended already, which a late failure cannot change. */
    synchronized boolean enterFailed(String message) {
        if (stage.isFinal()) {
            return false;
        }
        stage = Stage.FAILED;
        failure = message;
        return true;
    }

    private synchronized Lifecycle lifecycle() {
        if (lifecycle == null) {
            lifecycle = new Lifecycle(this);
        }
        return lifecycle;
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
