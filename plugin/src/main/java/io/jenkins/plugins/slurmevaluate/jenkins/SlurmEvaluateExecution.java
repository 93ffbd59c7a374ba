package io.jenkins.plugins.slurmevaluate.jenkins;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.slurmevaluate.durable.DurableEvaluation;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationResult;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The durable execution of {@code slurmEvaluate}: an adapter from the step context to the core
 * {@link DurableEvaluation}, which owns the whole lifecycle and is the only state persisted in the Pipeline's
 * program (request, stage, run record with job ids and log offsets, result; never a secret or a connection).
 *
 * <p>{@link #start()} and {@link #onResume()} do no I/O: they hand fresh {@link StepPorts} to the evaluation, whose
 * work runs on the plugin's own pool ({@link EvaluationPool}). After a restart the evaluation re-attaches: it
 * reconciles a half-done submission by job name, then streams each log from its saved offset. {@link #stop} asks it
 * to cancel every chain; the step fails with the stop's cause once the cancel is done. A stop that comes after a
 * restart but before {@link #onResume()} (an enclosing {@code node} may still wait for its agent) re-attaches right
 * there, so the chains are cancelled before the step fails and the late {@code onResume} finds nothing to do. Builds
 * ended without {@code stop} ({@code doTerm}, {@code doKill}) are cleaned up by {@link EvaluationJanitor}; a planned
 * shutdown detaches the evaluation first ({@link EvaluationPool#onBeforeShutdown}) so the saved offsets match the
 * printed log.
 */
public final class SlurmEvaluateExecution extends StepExecution implements EvaluationPool.Live {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(SlurmEvaluateExecution.class.getName());

    /** The evaluation's state; the only persisted field. */
    private final DurableEvaluation evaluation;
    /** The stop's cause, delivered when the chains are cancelled; null unless stopping (lost on restart). */
    @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "a stop after a restart fails with ABORTED")
    private transient volatile Throwable stopCause;
    /** Whether ports were handed to the evaluation in this process (start, onResume or an early stop); false after loading. */
    @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "set again by onResume")
    private transient boolean attached;

    SlurmEvaluateExecution(StepContext context, DurableEvaluation evaluation) {
        super(context);
        this.evaluation = evaluation;
    }

    @Override
    public boolean start() {
        synchronized (this) {
            attached = true;
        }
        EvaluationPool.get().register(this);
        evaluation.start(new StepPorts(this));
        return false;
    }

    @Override
    public void onResume() {
        attach();
    }

    /** Cancels the chains, then fails with {@code cause}. */
    @Override
    public void stop(Throwable cause) {
        stopCause = cause;
        evaluation.stop(); // first: an evaluation attached below goes straight to cancelling, not to watching
        attach(); // a stop before onResume: nobody else would cancel the chains until the build ends
    }

    /** Hands ports to a loaded evaluation, once per life: by onResume, or by a stop that came first. */
    private void attach() {
        synchronized (this) {
            if (attached) {
                return;
            }
            attached = true;
        }
        EvaluationPool.get().register(this);
        evaluation.resume(new StepPorts(this));
    }

    @Override
    public String getStatus() {
        return evaluation.status();
    }

    /** A safe restart waits while jobs are being submitted (between the saved record and the last sbatch). */
    @Override
    public boolean blocksRestart() {
        return evaluation.stage() == DurableEvaluation.Stage.SUBMITTING;
    }

    @Override
    public DurableEvaluation evaluation() {
        return evaluation;
    }

    @Override
    public String runId() {
        try {
            return getContext().get(Run.class).getExternalizableId();
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    @Override
    public CompletableFuture<?> detach() {
        evaluation.detach();
        getContext().saveState();
        return CompletableFuture.completedFuture(null);
    }

    /** The ports of one life of this execution: everything comes from the step context, looked up when needed. */
    static final class StepPorts extends JenkinsPorts {
        private final SlurmEvaluateExecution execution;

        StepPorts(SlurmEvaluateExecution execution) {
            super(execution.evaluation.request());
            this.execution = execution;
        }

        private StepContext context() {
            return execution.getContext();
        }

        @Override
        Run<?, ?> run() throws IOException, InterruptedException {
            return context().get(Run.class);
        }

        @Override
        TaskListener listener() throws IOException, InterruptedException {
            return context().get(TaskListener.class);
        }

        @Override
        FilePath workspace() throws IOException, InterruptedException {
            return context().get(FilePath.class);
        }

        @Override
        EnvVars environmentVars() throws IOException, InterruptedException {
            EnvVars env = context().get(EnvVars.class);
            return env == null ? new EnvVars() : env;
        }

        @Override
        FlowNode flowNode() throws IOException, InterruptedException {
            return context().get(FlowNode.class);
        }

        /** program.dat always; build.xml's summary only when a chain or the stage changed, not for log offsets. */
        @Override
        public void persist(boolean changed, boolean wait) {
            var saved = context().saveState();
            if (changed) {
                recordInAction(execution.evaluation.record());
            }
            if (wait) {
                try {
                    saved.get(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    LOG.log(Level.WARNING, "could not save the state of a slurmEvaluate step before sbatch", e);
                }
            }
        }

        @Override
        void succeeded(EvaluationResult result, Result buildResult) {
            done();
            if (buildResult == Result.UNSTABLE) {
                try {
                    run().setResult(Result.UNSTABLE);
                    flowNode().addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(result.getMessage()));
                } catch (IOException | InterruptedException e) {
                    LOG.log(Level.FINE, "cannot mark the build unstable", e);
                }
            }
            context().onSuccess(result.toMap());
        }

        @Override
        void failedWith(String message) {
            done();
            context().onFailure(new AbortException(message));
        }

        @Override
        public void stopped() {
            done();
            Throwable cause = execution.stopCause;
            context().onFailure(cause != null ? cause : new FlowInterruptedException(Result.ABORTED, true));
        }

        private void done() {
            EvaluationPool.get().unregister(execution);
            cleanUp();
        }
    }
}
