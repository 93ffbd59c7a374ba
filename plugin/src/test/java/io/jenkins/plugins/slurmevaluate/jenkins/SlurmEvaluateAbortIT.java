package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.CpsFlowExecution;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * End to end on the Slurm test bed (needs testbed/up.sh; skipped without it): whatever ends the build, nothing of the
 * evaluation is left in the Slurm queue by the time the build has ended (or, for a hard kill, soon after).
 */
@WithJenkins
class SlurmEvaluateAbortIT {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private hudson.model.Run<?, ?> build;

    @AfterEach
    void leaveNothingQueued() throws Exception {
        PluginTestbed.scancel(build);
    }

    @Test
    void abortingTheBuildCancelsEveryJobOfTheChainBeforeItEnds(JenkinsRule r) throws Exception {
        WorkflowRun b = start(r, PluginTestbed.require(), null, "def r = %s");
        Instant abort = Instant.now();
        b.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        assertEquals("", PluginTestbed.alive(PluginTestbed.record(b)), "queue empty when the build ended");
        System.out.println("[abort] abort to build end (queue empty): " + Duration.between(abort, Instant.now()).toMillis() + " ms");
        r.assertLogContains("cancelled jobs ", b);
        r.assertLogContains(" is left in the queue", b);
        assertEquals(RunRecord.Phase.KILLED, PluginTestbed.record(b).phase());
        // stop() runs on the CPS VM thread, whose context loader is the build's Groovy loader; a pool thread started
        // from there would keep it, and the build's classes, for the life of the controller (JENKINS-49206)
        List<Thread> pool = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("slurm-evaluate")).toList();
        for (Thread t : pool) {
            for (ClassLoader l = t.getContextClassLoader(); l != null; l = l.getParent()) {
                assertTrue(!(l instanceof groovy.lang.GroovyClassLoader), t.getName() + " holds " + l);
            }
        }
    }

    @Test
    void aTimeoutCancelsTheChainBeforeTheBuildEnds(JenkinsRule r) throws Exception {
        WorkflowRun b = start(r, PluginTestbed.require(), null, "timeout(time: 25, unit: 'SECONDS') {\n  %s\n}");
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        assertEquals("", PluginTestbed.alive(PluginTestbed.record(b)), "queue empty when the build ended");
        r.assertLogContains("Timeout has been exceeded", b);
        r.assertLogContains("cancelled jobs ", b);
    }

    @Test
    void aFailedParallelBranchCancelsTheEvaluationInTheOtherBranch(JenkinsRule r) throws Exception {
        WorkflowRun b = start(r, PluginTestbed.require(), null, "parallel failFast: true,\n"
                + "  evaluate: { %s },\n"
                + "  other: { waitUntil { currentBuild.rawBuild.getLog().contains('sample 2/') }\n"
                + "           error 'the other branch failed' }");
        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(b));
        assertEquals("", PluginTestbed.alive(PluginTestbed.record(b)), "queue empty when the build ended");
        r.assertLogContains("the other branch failed", b);
        r.assertLogContains("cancelled jobs ", b);
    }

    @Test
    void anAbortWhileTheArtifactsDownloadEndsTheBuildAtOnce(JenkinsRule r) throws Exception {
        PluginTestbed tb = PluginTestbed.require();
        try (TcpProxy proxy = new TcpProxy(tb.sshPort())) {
            proxy.throttle(1_000_000); // 40 MB of artifacts take 40 s to come back
            WorkflowRun b = start(r, tb, proxy, "def r = %s", 3,
                    "++evaluation.pre_cmd='head -c 40000000 /dev/urandom > /results/big.bin; echo probe token is $PROBE_TOKEN'");
            awaitStatus(b, "downloading artifacts and gating", Duration.ofMinutes(3));
            Thread.sleep(2000);
            Instant abort = Instant.now();
            b.doStop();
            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
            long millis = Duration.between(abort, Instant.now()).toMillis();
            System.out.println("[abort] abort during the download to build end: " + millis + " ms");
            assertTrue(millis < 15_000, "the download was not waited for: " + millis + " ms");
            r.assertLogContains("stopped before the results were published; they are not published", b);
            r.assertLogNotContains("verdict=", b);
        }
    }

    @Test
    void aHardKilledBuildIsCleanedUpByTheJanitor(JenkinsRule r) throws Exception {
        WorkflowRun b = start(r, PluginTestbed.require(), null, "def r = %s");
        b.doKill(); // no step code runs: the RunListener must cancel the chain
        r.waitForCompletion(b);
        Duration took = PluginTestbed.awaitEmptyQueue(b, Duration.ofMinutes(2));
        System.out.println("[abort] hard kill to empty queue: " + took.toMillis() + " ms");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (PluginTestbed.record(b).phase() != RunRecord.Phase.KILLED && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertEquals(RunRecord.Phase.KILLED, PluginTestbed.record(b).phase());
    }

    @Test
    void theStepStatusAndTheBuildPageShowTheRequestsDoneWhileItRuns(JenkinsRule r) throws Exception {
        WorkflowRun b = start(r, PluginTestbed.require(), null, "def r = %s");
        String status = awaitStatus(b, java.util.regex.Pattern.compile(".*requests done [1-9]\\d*"), Duration.ofMinutes(2));
        System.out.println("[progress] step status: " + status);
        assertTrue(status.startsWith("watching: "), status);
        String page = r.createWebClient().getPage(b).getWebResponse().getContentAsString();
        assertTrue(java.util.regex.Pattern.compile("gsm8k\\.1: RUNNING, requests done [1-9]").matcher(page).find(),
                "the build page's task line: " + b.getAction(EvaluationAction.class).getTaskSummaries().get(0).getLine());
        b.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
    }

    @Test
    void abortingAFreestyleBuildCancelsItsChains(JenkinsRule r) throws Exception {
        PluginTestbed tb = PluginTestbed.require();
        tb.configure();
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(tb.builder(60));
        FreeStyleBuild b = p.scheduleBuild2(0).waitForStart();
        build = b;
        r.waitForMessage("sample 2/60 answered", b);
        b.getExecutor().interrupt();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        assertEquals("", PluginTestbed.alive(PluginTestbed.record(b)), "queue empty when the build ended");
        r.assertLogContains("build aborted: cancelling the Slurm jobs", b);
    }

    private WorkflowRun start(JenkinsRule r, PluginTestbed tb, TcpProxy proxy, String around) throws Exception {
        return start(r, tb, proxy, around, 60);
    }

    /** Starts a Pipeline with the test bed's step put where {@code around} says {@code %s}, and waits for its output. */
    private WorkflowRun start(JenkinsRule r, PluginTestbed tb, TcpProxy proxy, String around, int samples, String... extra)
            throws Exception {
        if (proxy == null) {
            tb.configure();
        } else {
            tb.configure(proxy);
        }
        WorkflowJob p = r.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(around.replace("%s", tb.step(samples, extra)), false));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        build = b;
        r.waitForMessage("sample 2/" + samples + " answered", b);
        return b;
    }

    private static void awaitStatus(WorkflowRun b, String status, Duration limit) throws Exception {
        awaitStatus(b, java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(status)), limit);
    }

    /** @return the first status of a running step that matches {@code status} whole */
    private static String awaitStatus(WorkflowRun b, java.util.regex.Pattern status, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (b.getExecution() instanceof CpsFlowExecution e) {
                List<StepExecution> running = e.getCurrentExecutions(true).get(10, TimeUnit.SECONDS);
                for (StepExecution x : running) {
                    String now = x.getStatus();
                    if (now != null && status.matcher(now).matches()) {
                        return now;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the step never said '" + status + "'");
    }
}
