package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.slurmevaluate.durable.DurableEvaluation;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationRequest;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jenkinsci.plugins.workflow.graph.FlowNode;

/**
 * The ports of a freestyle build: the build's objects are at hand for its whole (single) life, and the executor
 * thread waits for the outcome. An interrupted wait (the build aborted) stops the evaluation, which cancels its chains,
 * and waits a bounded time for that. At a controller shutdown the build cannot survive, so its chains are cancelled.
 */
final class FreestylePorts extends JenkinsPorts implements EvaluationPool.Live {

    /** How long an aborted build waits for the cancel. */
    static final long STOP_WAIT_SECONDS = 120;

    private final DurableEvaluation evaluation;
    private final Run<?, ?> run;
    private final FilePath workspace;
    private final EnvVars env;
    private final TaskListener listener;
    /** Completes with the build result, or exceptionally with the failure to report. */
    private final CompletableFuture<Result> outcome = new CompletableFuture<>();

    FreestylePorts(EvaluationRequest request, DurableEvaluation evaluation, Run<?, ?> run, FilePath workspace, EnvVars env,
            TaskListener listener) {
        super(request);
        this.evaluation = evaluation;
        this.run = run;
        this.workspace = workspace;
        this.env = env;
        this.listener = listener;
    }

    /** Runs the evaluation on the pool and waits for it; sets the build result or throws the failure. */
    void runToTheEnd() throws InterruptedException, AbortException {
        EvaluationPool.get().register(this);
        try {
            evaluation.start(this);
            Result r;
            try {
                r = outcome.get();
            } catch (InterruptedException e) {
                listener.getLogger().println("[slurm-evaluate] build aborted: cancelling the Slurm jobs");
                evaluation.stop();
                try {
                    outcome.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException ignored) {
                    // the stop's own messages are in the log
                }
                throw e;
            } catch (ExecutionException e) {
                throw new AbortException(e.getCause().getMessage());
            }
            if (r != Result.SUCCESS) {
                run.setResult(r);
            }
        } finally {
            EvaluationPool.get().unregister(this);
            cleanUp();
        }
    }

    @Override
    Run<?, ?> run() {
        return run;
    }

    @Override
    TaskListener listener() {
        return listener;
    }

    @Override
    FilePath workspace() {
        return workspace;
    }

    @Override
    EnvVars environmentVars() {
        return env;
    }

    @Override
    FlowNode flowNode() {
        return null;
    }

    @Override
    public void persist(boolean changed, boolean wait) {
        if (changed) {
            recordInAction(evaluation.record());
        }
    }

    @Override
    void succeeded(EvaluationResult result, Result buildResult) {
        outcome.complete(buildResult);
    }

    @Override
    void failedWith(String message) {
        outcome.completeExceptionally(new AbortException(message));
    }

    @Override
    public void stopped() {
        outcome.completeExceptionally(new AbortException("slurmEvaluate: stopped; the Slurm jobs were cancelled"));
    }

    @Override
    public DurableEvaluation evaluation() {
        return evaluation;
    }

    @Override
    public String runId() {
        return run.getExternalizableId();
    }

    /**
     * A freestyle build does not survive the restart: cancel rather than leave the chains to nobody. Completes when
     * the cancel is done; the shutdown waits for it a bounded time, before the pools and connections go.
     */
    @Override
    public CompletableFuture<?> detach() {
        listener.getLogger().println("[slurm-evaluate] Jenkins is shutting down and a freestyle build cannot resume: "
                + "cancelling the Slurm jobs");
        evaluation.stop();
        return outcome.handle((r, e) -> null);
    }
}
