package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.time.Duration;
import java.time.Instant;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * End to end on the Slurm test bed (needs testbed/up.sh; skipped without it): whatever ends the build, nothing of the
 * evaluation is left in the Slurm queue.
 */
@WithJenkins
class SlurmEvaluateAbortIT {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void abortingTheBuildCancelsEveryJobOfTheChain(JenkinsRule r) throws Exception {
        WorkflowRun b = startAndWait(r);
        b.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        r.assertLogContains("cancelled jobs ", b);
        r.assertLogContains(" is left in the queue", b);
        assertEquals(RunRecord.Phase.KILLED, b.getAction(EvaluationAction.class).getRecord().phase());
    }

    @Test
    void aHardKilledBuildIsCleanedUpByTheJanitor(JenkinsRule r) throws Exception {
        WorkflowRun b = startAndWait(r);
        b.doKill(); // no step code runs: the RunListener must cancel the chain
        r.waitForCompletion(b);
        EvaluationAction a = b.getAction(EvaluationAction.class);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (a.getRecord().phase() != RunRecord.Phase.KILLED && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        assertEquals(RunRecord.Phase.KILLED, a.getRecord().phase());
    }

    private static WorkflowRun startAndWait(JenkinsRule r) throws Exception {
        PluginTestbed tb = PluginTestbed.require();
        tb.configure();
        WorkflowJob p = r.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(tb.pipeline(60), true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("sample 2/60 answered", b);
        return b;
    }
}
