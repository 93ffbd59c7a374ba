package io.jenkins.plugins.slurmevaluate.jenkins;

import static io.jenkins.plugins.slurmevaluate.jenkins.PluginTestbed.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * End to end on the Slurm test bed: the network to the login node goes away mid-run (every connection dropped, new ones
 * refused) and comes back. In Jenkins the watcher has no grace limit (the core's default is 30 minutes): the step says
 * it keeps retrying, re-attaches when the cluster answers, and every log line still arrives once.
 */
@WithJenkins
class OutageIT {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void anOutageIsWaitedOutAndEveryLineArrivesOnce(JenkinsRule r) throws Exception {
        PluginTestbed tb = PluginTestbed.require();
        WorkflowRun b = null;
        try (TcpProxy proxy = new TcpProxy(tb.sshPort())) {
            tb.configure(proxy);
            WorkflowJob p = r.createProject(WorkflowJob.class);
            p.setDefinition(new CpsFlowDefinition(tb.pipeline(45), true));
            b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("sample 3/45 answered", b);
            proxy.cut();
            Instant down = Instant.now();
            r.waitForMessage("is not answering (", b);
            r.waitForMessage("retrying until it answers (the jobs go on meanwhile; abort to stop waiting)", b);
            Thread.sleep(Math.max(0, 25_000 - Duration.between(down, Instant.now()).toMillis()));
            proxy.restore();
            System.out.println("[outage] cluster unreachable for " + Duration.between(down, Instant.now()).toSeconds() + " s");
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
        } finally {
            PluginTestbed.scancel(b);
        }
        String log = b.getLog();
        r.assertLogContains("reconnected to ", b);
        for (int i = 1; i <= 45; i++) {
            assertEquals(1, count(log, "sample " + i + "/45 answered"), "sample " + i + " printed once");
        }
        assertEquals(1, count(log, ": submitted as job "), "one submission");
        r.assertLogContains("verdict=PASS", b);
    }
}
