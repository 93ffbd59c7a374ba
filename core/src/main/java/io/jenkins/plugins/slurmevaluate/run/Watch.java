package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.util.concurrent.CompletableFuture;

/**
 * One invocation being watched by a {@link ClusterWatcher}. The future completes with the final record once every
 * task's chain has stopped and its last log lines are printed, or exceptionally when the cluster stayed unreachable
 * for longer than the watcher's grace period. Stopping a watch only stops watching: the jobs go on.
 */
public interface Watch {

    /** Completes when every chain has stopped. */
    CompletableFuture<RunRecord> done();

    /** The newest record, with every state change and log offset seen so far. */
    RunRecord current();

    /** Stops watching (and streaming) without touching the jobs; {@link #done()} is cancelled. */
    void stop();

    /** A short phrase for status displays, such as {@code "2 of 3 tasks running, next poll in 5 s"}. */
    String status();
}
