package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.tasks.junit.TestResultAction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * End to end on the Slurm test bed (needs testbed/up.sh; skipped without it): a {@code slurmEvaluate} step survives a
 * controller restart mid-evaluation. The second Jenkins re-attaches: no second submission, every remote log line once
 * in the build log, the secret masked, the verdict, artifacts and gate tests on the build.
 */
class SlurmEvaluateRestartIT {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void anEvaluationGoesOnAcrossARestartWithEachLogLineOnceAndOneSubmission() throws Throwable {
        PluginTestbed tb = PluginTestbed.require();
        sessions.then(r -> {
            tb.configure();
            WorkflowJob p = r.createProject(WorkflowJob.class, "eval");
            p.setDefinition(new CpsFlowDefinition(tb.pipeline(15), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("sample 3/15 answered", b);
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("eval", WorkflowJob.class).getLastBuild();
            assertTrue(b.isBuilding(), "the build resumed");
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            String log = b.getLog();
            for (int i = 1; i <= 15; i++) {
                assertEquals(1, count(log, "sample " + i + "/15 answered"), "sample " + i + " printed once");
            }
            assertEquals(1, count(log, ": submitted as job "), "one submission");
            assertEquals(2, count(log, "following invocation "), "watched before the restart, and again after it");
            r.assertLogContains("probe token is ****", b);
            assertThat(log, not(containsString(PluginTestbed.SECRET)));
            r.assertLogContains("verdict=PASS jobs=[", b);
            EvaluationAction a = b.getAction(EvaluationAction.class);
            assertNotNull(a);
            assertEquals("PASS", a.getResult().getVerdict());
            assertThat(b.getArtifactManager().root().child("slurm-evaluate/" + a.getInvocationId()
                    + "/slurm-evaluate-summary.json").isFile(), is(true));
            TestResultAction tests = b.getAction(TestResultAction.class);
            assertNotNull(tests, "gates recorded as tests");
            assertEquals(0, tests.getFailCount());
        });
    }

    static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
