package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;

/**
 * What a stop does on the cluster: cancels every chain the run submitted, or says why there is nothing to cancel. A
 * cancel that fails is logged with the job names, so that the user can finish it by hand; the stop goes on either way.
 */
final class Cancellation {

    private Cancellation() {}

    /**
     * @param r the newest record, or null when nothing was saved
     * @return the record after the cancel, or null when nothing was cancelled
     */
    static RunRecord cancel(EvaluationPorts p, EvaluationRequest request, RunRecord r, LogSink masked) {
        if (r == null || r.tasks().stream().noneMatch(TaskRecord::submitted)) {
            masked.info("stopped before anything was submitted");
        } else if (r.allChainsStopped() || r.phase().finished()) {
            masked.info("stopped; every chain of invocation " + r.invocationId() + " had already ended");
        } else {
            try {
                return p.evaluator().kill(r, p.host(request, r.cluster()), masked);
            } catch (IOException e) {
                masked.warn("could not cancel every job of invocation " + r.invocationId() + ": " + e.getMessage()
                        + "; cancel them by name with scancel --name=<job name> (" + Chains.jobNames(r) + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                masked.warn("interrupted while cancelling invocation " + r.invocationId());
            }
        }
        return null;
    }
}
