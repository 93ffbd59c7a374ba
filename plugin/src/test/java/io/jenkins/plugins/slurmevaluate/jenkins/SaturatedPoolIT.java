package io.jenkins.plugins.slurmevaluate.jenkins;

import java.util.concurrent.CountDownLatch;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * End to end on the Slurm test bed: logs keep flowing while every thread for stage work is busy (a matrix of builds
 * downloading their artifacts at once), because cluster watchers poll on a pool of their own.
 */
@WithJenkins
class SaturatedPoolIT {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void logsKeepFlowingWhileEveryStageThreadIsBusy(JenkinsRule r) throws Exception {
        PluginTestbed tb = PluginTestbed.require();
        tb.configure();
        WorkflowJob p = r.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(tb.pipeline(25), true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        CountDownLatch release = new CountDownLatch(1);
        try {
            r.waitForMessage("sample 2/25 answered", b);
            for (int i = 0; i < EvaluationPool.STAGE_THREADS; i++) {
                EvaluationPool.get().scheduler().execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            r.waitForMessage("sample 12/25 answered", b); // ten more lines with no stage thread free
        } finally {
            release.countDown();
            PluginTestbed.scancel(b);
        }
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
    }
}
