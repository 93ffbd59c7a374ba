package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;

/** What a process does first when it takes over a run another process started. */
final class Reattach {

    /** A sink for looks that should not narrate (status, logs without -f). */
    static final LogSink QUIET = LogSink.discarding();

    private Reattach() {}

    /**
     * A run whose submitting process died mid-way: records the jobs it submitted but did not write down (found by
     * job name), and gives up on the tasks it never got to, so that following ends; {@code resume} submits them.
     */
    static RunRecord reconcile(Session s, RunRecord record, RecordKeeper keeper) throws IOException {
        if (record.phase() != RunRecord.Phase.SUBMITTING) {
            return record;
        }
        RunRecord r = s.evaluator.reconcile(record, s.host, s.sink);
        for (int i = 0; i < r.tasks().size(); i++) {
            TaskRecord t = r.tasks().get(i);
            if (!t.submitted() && !t.chainStopped()) {
                s.terminal.warn(t.id() + " was never submitted (the process that ran it stopped first); submit it with '"
                        + s.hints.resume(r.invocationId()) + "' once the others have stopped");
                r = r.withTask(i, x -> x.withStop("not_submitted", "the submitting process stopped before its sbatch"));
            }
        }
        r = r.withPhase(RunRecord.Phase.WATCHING, "re-attached after an interrupted submission");
        keeper.accept(r);
        return r;
    }

    /** {@code 1 running, 1 pending, 0 stopped (invocation 0123…, WATCHING)}. */
    static String summary(RunRecord r) {
        long stopped = r.tasks().stream().filter(TaskRecord::chainStopped).count();
        long running = r.tasks().stream().filter(t -> !t.chainStopped() && "RUNNING".equals(t.state())).count();
        return "invocation " + r.invocationId() + " (" + r.phase() + "): " + running + " running, "
                + (r.tasks().size() - stopped - running) + " waiting, " + stopped + " stopped"
                + (r.verdict() == null ? "" : "; verdict " + r.verdict());
    }
}
