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
 * to cancel every chain; the step fails with the stop's cause once the cancel is done. Builds ended without
 * {@code stop} ({@code doTerm}, {@code doKill}) are cleaned up by {@link EvaluationJanitor}; a planned shutdown
 * detaches the evaluation first ({@link EvaluationPool#detachAll}) so the saved offsets match the printed log.
 */
public final class SlurmEvaluateExecution extends StepExecution implements EvaluationPool.Live {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(SlurmEvaluateExecution.class.getName());

    /** The evaluation's state; the only persisted field. */
    private final DurableEvaluation evaluation;
    /** The stop's cause, delivered when the chains are cancelled; null unless stopping (lost on restart). */
    @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "a stop after a restart fails with ABORTED")
    private transient volatile Throwable stopCause;
    /** Whether start() or onResume() handed ports to the evaluation in this process; false right after loading. */
    @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "set again by onResume")
    private transient volatile boolean attached;

    SlurmEvaluateExecution(StepContext context, DurableEvaluation evaluation) {
        super(context);
        this.evaluation = evaluation;
    }

    @Override
    public boolean start() {
        EvaluationPool.get().register(this);
        attached = true;
        evaluation.start(new StepPorts(this));
        return false;
    }

    @Override
    public void onResume() {
        EvaluationPool.get().register(this);
        attached = true;
        evaluation.resume(new StepPorts(this));
    }

    /** Cancels the chains, then fails with {@code cause}; before re-attaching there is nobody to cancel them here. */
    @Override
    public void stop(Throwable cause) {
        stopCause = cause;
        if (attached) {
            evaluation.stop();
        } else {
            getContext().onFailure(cause); // the janitor cancels the recorded chains when the build completes
        }
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
    public void detach() {
        evaluation.detach();
        getContext().saveState();
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

        @Override
        public void persist(boolean wait) {
            var saved = context().saveState();
            recordInAction(execution.evaluation.record());
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
