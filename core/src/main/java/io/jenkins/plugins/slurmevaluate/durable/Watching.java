package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.durable.DurableEvaluation.Stage;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.run.Watch;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * The WATCHING stage: follows the run's chains on the cluster until every one has ended, then moves on to collecting.
 * Each record the watcher reports is kept in the same step as the log lines it covers are printed (see
 * {@link ExactlyOnceSink}); a chain change is saved at once. At most one watch counts: once it is released (a detach,
 * a stop, a failure, a new attachment), whatever it still reports is ignored and its lines are read again by the next.
 *
 * <p>Its fields are guarded by the evaluation's monitor, like the lifecycle's.
 */
final class Watching {

    private final DurableEvaluation evaluation;
    private final Lifecycle lifecycle;
    /** What the running watch prints into; null when no watch runs. */
    private ExactlyOnceSink sink;
    /** The running watch, or null. */
    private Watch watch;

    Watching(DurableEvaluation evaluation, Lifecycle lifecycle) {
        this.evaluation = evaluation;
        this.lifecycle = lifecycle;
    }

    /** Starts watching the record's chains from their saved log offsets, unless a watch runs already. */
    void start(EvaluationPorts p) {
        RunRecord r;
        synchronized (evaluation) {
            if (watch != null) {
                return;
            }
            r = evaluation.record();
        }
        RunRecord printed = p.printedBefore(r.invocationId());
        if (printed != null) {
            synchronized (evaluation) {
                r = Chains.withPrintedOffsets(evaluation.record(), printed);
                evaluation.keepRecord(r); // lines printed after the last save of an unclean stop are not printed again
            }
        }
        RemoteHost host;
        try {
            host = p.host(evaluation.request(), r.cluster());
        } catch (IOException e) {
            lifecycle.fail(e.getMessage());
            return;
        }
        LogSink masked = lifecycle.log();
        long running = r.tasks().stream().filter(t -> !t.chainStopped()).count();
        masked.info("following invocation " + r.invocationId() + " on " + r.cluster().describe() + ": " + running
                + " of " + r.tasks().size() + " task chain(s) to watch");
        ExactlyOnceSink s = new ExactlyOnceSink(masked, evaluation);
        synchronized (evaluation) {
            if (lifecycle.detached() || evaluation.stopRequested()) {
                return;
            }
            sink = s;
        }
        Watch w = p.evaluator().watch(r, host, s, updated -> watched(s, updated, p));
        synchronized (evaluation) {
            if (sink != s) {
                w.stop(); // detached or stopped meanwhile
                return;
            }
            watch = w;
        }
        w.done().whenComplete((finalRecord, error) -> ended(s, error));
    }

    /** The running watch, or null. */
    Watch current() {
        synchronized (evaluation) {
            return watch;
        }
    }

    /**
     * Lets go of the running watch: drops the lines it holds back and ignores whatever it reports from now on. Returns
     * it for the caller to stop once it has let go of the monitor, or null when none ran.
     */
    Watch release() {
        synchronized (evaluation) {
            Watch w = watch;
            watch = null;
            if (sink != null) {
                sink.close();
                sink = null;
            }
            return w;
        }
    }

    /** Forgets the watch of an earlier attachment (detaching stopped it), so that the next tick starts one. */
    void forget() {
        synchronized (evaluation) {
            watch = null;
            sink = null;
        }
    }

    /** Called by the watcher with every changed record: prints the lines it covers and keeps it, atomically. */
    private void watched(ExactlyOnceSink s, RunRecord r, EvaluationPorts p) {
        boolean chainChanged;
        int lines;
        synchronized (evaluation) {
            if (sink != s || lifecycle.detached()) {
                return; // a watch that was stopped: its lines are read again by the next one
            }
            lines = s.flush();
            RunRecord kept = evaluation.record();
            chainChanged = kept == null || Chains.differ(kept, r);
            evaluation.keepRecord(r);
        }
        if (lines > 0) {
            p.printed(r);
        }
        lifecycle.save(chainChanged, false);
    }

    private void ended(ExactlyOnceSink s, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        synchronized (evaluation) {
            if (sink != s || cause instanceof CancellationException) {
                return; // detached or stopped: someone else goes on
            }
            sink = null;
            watch = null;
            if (cause == null) {
                evaluation.enter(Stage.COLLECTING);
            }
        }
        if (cause != null) {
            lifecycle.fail("lost the cluster: " + cause.getMessage() + "; the jobs may still be running");
            return;
        }
        lifecycle.save(true, false);
        lifecycle.schedule();
    }
}
