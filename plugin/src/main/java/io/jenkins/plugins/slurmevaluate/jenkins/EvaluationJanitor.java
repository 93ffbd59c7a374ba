package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Cancels the chains a finished build left behind. {@code stop()} cancels them on an abort, but "Terminate"
 * ({@code doTerm}) and "Hard kill" ({@code doKill}) end a Pipeline without calling it, and a step that failed leaves
 * its jobs queued. When a build completes, every evaluation of it still alive in this process is stopped, and every
 * evaluation whose recorded chains may still be alive is written down in {@link PendingCancels} first (so a restart
 * cannot forget it) and cancelled from its run record; what fails (the cluster is down) is retried by the periodic
 * sweep, across restarts.
 */
@Extension
public final class EvaluationJanitor extends RunListener<Run<?, ?>> {

    @Override
    public void onCompleted(Run<?, ?> run, TaskListener listener) {
        EvaluationPool pool = EvaluationPool.get();
        List<EvaluationPool.Live> live = pool.liveOf(run.getExternalizableId());
        live.forEach(l -> l.evaluation().stop());
        for (EvaluationAction a : run.getActions(EvaluationAction.class)) {
            boolean alive = live.stream().anyMatch(l -> l.evaluation().record() != null
                    && a.getInvocationId().equals(l.evaluation().record().invocationId()));
            if (!a.needsCancel()) {
                continue;
            }
            PendingCancels pending = PendingCancels.get();
            pending.add(run, a.getInvocationId()); // also for a live one: its own cancel may fail, the sweep retries
            if (alive) {
                continue;
            }
            listener.getLogger().println("[slurm-evaluate] cancelling the Slurm jobs of invocation " + a.getInvocationId()
                    + ", which this build left behind");
            try {
                pool.scheduler().execute(() -> pending.attempt(run, a));
            } catch (RejectedExecutionException shuttingDown) {
                pending.attempt(run, a); // the pool is stopping: try now, the sweep retries after the restart
            }
        }
    }
}
