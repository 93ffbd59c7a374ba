package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.Connections;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cancels the chains a finished build left behind. {@code stop()} cancels them on an abort, but "Terminate"
 * ({@code doTerm}) and "Hard kill" ({@code doKill}) end a Pipeline without calling it, and a step that failed (the
 * cluster unreachable for too long) leaves its jobs queued. When a build completes, every evaluation of it still alive
 * in this process is stopped, and every evaluation whose recorded chains may still be alive is cancelled from its run
 * record; a cancel that fails (cluster down) is retried every {@value #RETRY_MINUTES} minutes, {@value #ATTEMPTS}
 * times, while this controller runs.
 */
@Extension
public final class EvaluationJanitor extends RunListener<Run<?, ?>> {

    private static final Logger LOG = Logger.getLogger(EvaluationJanitor.class.getName());
    static final int RETRY_MINUTES = 5;
    static final int ATTEMPTS = 12;

    @Override
    public void onCompleted(Run<?, ?> run, TaskListener listener) {
        EvaluationPool pool = EvaluationPool.get();
        var live = pool.liveOf(run.getExternalizableId());
        live.forEach(l -> l.evaluation().stop());
        for (EvaluationAction a : run.getActions(EvaluationAction.class)) {
            boolean alive = live.stream().anyMatch(l -> l.evaluation().record() != null
                    && a.getInvocationId().equals(l.evaluation().record().invocationId()));
            if (!alive && a.needsCancel()) {
                listener.getLogger().println("[slurm-evaluate] cancelling the Slurm jobs of invocation " + a.getInvocationId()
                        + ", which this build left behind");
                pool.scheduler().execute(() -> cancel(run, a, 1));
            }
        }
    }

    private static void cancel(Run<?, ?> run, EvaluationAction a, int attempt) {
        RunRecord record = a.getRecord();
        LogSink log = new JulSink(run + " " + a.getInvocationId());
        try {
            var host = Connections.host(run, a.getClusterName(), a.getHostname(), a.getCredentialsId(), record.cluster(), log);
            RunRecord killed = EvaluationPool.get().evaluator().kill(record, host, log);
            a.keep(run, killed);
        } catch (IOException | RuntimeException e) {
            if (attempt >= ATTEMPTS) {
                LOG.log(Level.WARNING, "giving up cancelling invocation " + a.getInvocationId() + " of " + run
                        + "; cancel its jobs with scancel --name", e);
                return;
            }
            LOG.log(Level.INFO, "cancelling invocation " + a.getInvocationId() + " of " + run + " failed; retrying in "
                    + RETRY_MINUTES + " min: " + e);
            EvaluationPool.get().scheduler().schedule(() -> cancel(run, a, attempt + 1), RETRY_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The janitor's narration, for the system log (the build's own log is closed by then). */
    private static final class JulSink implements LogSink {
        private final String prefix;

        JulSink(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void remoteLine(String task, String source, String text) {
            LOG.fine(() -> prefix + " [" + task + " " + source + "] " + text);
        }

        @Override
        public void info(String text) {
            LOG.info(() -> prefix + ": " + text);
        }

        @Override
        public void warn(String text) {
            LOG.warning(() -> prefix + ": " + text);
        }
    }
}
