package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.durable.DurableEvaluation.Stage;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.run.Submission;
import io.jenkins.plugins.slurmevaluate.slurm.SubmissionFailedException;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The stages before the watch. NEW plans the request (see {@link Planning}), then reports a dry run or submits every
 * task; SUBMITTING, after a restart in the middle of a submission, reconciles the saved record with the queue and
 * submits only the tasks it finds unsubmitted. Each sbatch comes after the record naming it is durably saved, so that
 * a crash cannot forget a job. A submission cut off by a connection problem is taken up again later, from the queue.
 */
final class Submitting {

    /** Pause before a submission interrupted by a connection problem is picked up again. */
    private static final long RETRY_SECONDS = 30;
    private static final int ATTEMPTS = 20;

    private final DurableEvaluation evaluation;
    private final Lifecycle lifecycle;
    /** Submission attempts interrupted by connection problems since this object was loaded; steps are serial. */
    private int attempts;

    Submitting(DurableEvaluation evaluation, Lifecycle lifecycle) {
        this.evaluation = evaluation;
        this.lifecycle = lifecycle;
    }

    /** Plans the request; a problem fails the evaluation before anything touches the cluster. */
    void planAndSubmit(EvaluationPorts p) throws InterruptedException {
        EvaluationRequest req;
        ClusterProfile profile;
        try {
            req = Planning.withFilesRead(p, evaluation.request());
            evaluation.keepRequest(req);
            profile = p.cluster(req);
        } catch (IOException e) {
            lifecycle.fail(e.getMessage());
            return;
        }
        Planning.Outcome planned = Planning.plan(p, req, profile);
        LogSink masked = planned.log();
        lifecycle.useLog(masked);
        if (planned.problem() != null) {
            lifecycle.fail(planned.problem());
            return;
        }
        EvaluationPlan plan = planned.plan();
        plan.warnings().forEach(masked::warn);
        String refused = TrustGate.check(p, req, plan, masked);
        if (refused != null) {
            lifecycle.fail(refused);
            return;
        }
        Evaluator evaluator = p.evaluator();
        Submission submission = evaluator.prepare(plan, profile.ref(plan.model()), req.configName(), req.gates(),
                req.baselinePath());
        if (req.dryRun()) {
            DryRunReport report = DryRunReport.write(p, plan, submission, masked);
            lifecycle.finish(p, report.result(), report.directory(), masked);
            return;
        }
        if (evaluation.stopRequested()) {
            return; // the next tick stops; nothing was submitted
        }
        RemoteHost host;
        try {
            host = p.host(req, submission.record().cluster());
        } catch (IOException e) {
            lifecycle.fail(e.getMessage());
            return;
        }
        evaluation.enter(Stage.SUBMITTING);
        masked.info("submitting invocation " + submission.record().invocationId() + " (" + plan.tasks().size()
                + " task(s)) to " + profile.describe());
        RunRecord submitted;
        try {
            submitted = evaluator.submit(submission, host, lifecycle::saveBeforeSubmit, masked);
        } catch (SubmissionFailedException e) {
            masked.warn("sbatch refused a task: " + e.getMessage().lines().findFirst().orElse("")
                    + "; the tasks submitted before it go on, the rest are marked submit_failed");
            submitted = evaluation.record();
        } catch (IOException e) {
            interrupted(p, e);
            return;
        }
        lifecycle.toWatching(submitted);
    }

    /** After a restart in SUBMITTING: find what was submitted, submit only what was not, then watch. */
    void submitRest(EvaluationPorts p) throws InterruptedException {
        RunRecord r = evaluation.record();
        if (r == null) {
            // nothing was submitted: the record is saved (and waited for) before any sbatch
            evaluation.enter(Stage.NEW);
            lifecycle.schedule();
            return;
        }
        try {
            RemoteHost host = p.host(evaluation.request(), r.cluster());
            r = p.evaluator().submitRest(r, host, lifecycle::saveBeforeSubmit, lifecycle.log());
        } catch (SubmissionFailedException e) {
            lifecycle.fail("sbatch refused a task: " + e.getMessage());
            return;
        } catch (IOException e) {
            interrupted(p, e);
            return;
        }
        lifecycle.toWatching(r);
    }

    /** Retries from SUBMITTING a while later, unless nothing was submitted or the attempts are used up. */
    private void interrupted(EvaluationPorts p, IOException e) {
        if (evaluation.record() == null) {
            lifecycle.fail("submission failed before any job was submitted: " + e.getMessage());
            return;
        }
        if (++attempts >= ATTEMPTS) {
            lifecycle.fail("submission could not be completed after " + attempts + " attempts: " + e.getMessage());
            return;
        }
        lifecycle.log().warn("submission interrupted (" + e.getMessage() + "); checking the queue and going on in "
                + RETRY_SECONDS + " s");
        p.scheduler().schedule(lifecycle::schedule, RETRY_SECONDS, TimeUnit.SECONDS);
    }
}
