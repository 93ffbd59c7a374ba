package io.jenkins.plugins.slurmevaluate.jenkins;

import static io.jenkins.plugins.slurmevaluate.jenkins.PluginTestbed.count;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import hudson.tasks.junit.TestResultAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * in the build log, the secret masked, the verdict, artifacts and gate tests on the build; a third Jenkins reads all of
 * it back from disk.
 */
class SlurmEvaluateRestartIT {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void anEvaluationGoesOnAcrossARestartWithEachLogLineOnceAndOneSubmission() throws Throwable {
        PluginTestbed tb = PluginTestbed.require();
        String[] invocation = new String[1];
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
            invocation[0] = b.getAction(EvaluationAction.class).getInvocationId();
            assertEquals("", PluginTestbed.alive(PluginTestbed.record(b)), "nothing left in the queue");
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("eval", WorkflowJob.class).getLastBuild();
            assertEquals(Result.SUCCESS, b.getResult(), "the result reached build.xml");
            EvaluationAction a = b.getAction(EvaluationAction.class);
            assertNotNull(a, "the evaluation was saved with the build");
            assertEquals(invocation[0], a.getInvocationId());
            assertEquals("PASS", a.getResult().getVerdict());
            String prefix = "slurm-evaluate/" + a.getInvocationId() + "/";
            assertThat(b.getArtifactManager().root().child(prefix + "slurm-evaluate-summary.json").isFile(), is(true));
            var clientLog = b.getArtifactManager().root().child(prefix + "gsm8k.1/logs").list();
            assertTrue(clientLog.length > 0, "job logs archived");
            for (var f : clientLog) {
                String text = new String(f.open().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(f.getName() + " is masked", text, not(containsString(PluginTestbed.SECRET)));
            }
            TestResultAction tests = b.getAction(TestResultAction.class);
            assertNotNull(tests, "gates recorded as tests");
            assertEquals(0, tests.getFailCount());
            assertEquals(2, tests.getTotalCount(), "the gate and the task's check, once each");
            var web = r.createWebClient();
            String buildPage = web.getPage(b).asNormalizedText();
            assertThat(buildPage, containsString("Slurm evaluation configText: PASS"));
            // the task's line, with the evaluator's count of requests done (artifacts/progress) after the state
            assertTrue(java.util.regex.Pattern.compile("gsm8k\\.1: completed, requests done \\d+ \\(jobs \\d+\\)")
                    .matcher(buildPage).find(), buildPage);
            String api = web.goTo(b.getUrl() + "api/json?tree=actions[invocationId,verdict,urlName,scores[*]]",
                    "application/json").getWebResponse().getContentAsString();
            assertThat(api, containsString("\"verdict\":\"PASS\""));
            assertThat(api, containsString("\"urlName\":\"" + a.getUrlName() + "\""));
            // (without JavaScript: the job page's builds card script fails in HtmlUnit, not in browsers)
            assertThat("the job page shows the last evaluation's trend", r.createWebClient().withJavaScriptEnabled(false)
                    .getPage(b.getParent()).asNormalizedText(), containsString("Trend over the last builds"));
            String page = web.getPage(b, a.getUrlName()).asNormalizedText();
            assertThat(page, containsString("Trend over the last builds"));
            assertThat(page, containsString("gsm8k.exact_match.strict-match >= 0"));
        });
    }

    @Test
    void theCancelOfABuildLeftBehindIsRetriedAfterARestart() throws Throwable {
        PluginTestbed tb = PluginTestbed.require();
        TcpProxy proxy = new TcpProxy(tb.sshPort());
        try (proxy) {
            sessions.then(r -> {
                tb.configure(proxy);
                WorkflowJob p = r.createProject(WorkflowJob.class, "left-behind");
                p.setDefinition(new CpsFlowDefinition(tb.pipeline(120), true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                r.waitForMessage("sample 2/120 answered", b);
                proxy.cut();
                b.doKill(); // no step code runs; the janitor cannot reach the cluster
                r.waitForCompletion(b);
                String invocation = b.getAction(EvaluationAction.class).getInvocationId();
                for (int i = 0; i < 100 && !PendingCancels.get().invocations().contains(invocation); i++) {
                    Thread.sleep(100);
                }
                assertThat(PendingCancels.get().invocations(), org.hamcrest.Matchers.hasItem(invocation));
                assertThat(PluginTestbed.alive(PluginTestbed.record(b)), not(is("")));
            });
            sessions.then(r -> {
                WorkflowRun b = r.jenkins.getItemByFullName("left-behind", WorkflowJob.class).getLastBuild();
                String invocation = b.getAction(EvaluationAction.class).getInvocationId();
                assertThat("remembered across the restart", PendingCancels.get().invocations(),
                        org.hamcrest.Matchers.hasItem(invocation));
                proxy.restore();
                PendingCancels.get().sweep();
                assertThat(PendingCancels.get().invocations(), not(org.hamcrest.Matchers.hasItem(invocation)));
                PluginTestbed.awaitEmptyQueue(b, Duration.ofSeconds(30));
                assertEquals("KILLED", PluginTestbed.record(b).phase().name());
            });
        }
    }

    @Test
    void aStopBeforeOnResumeCancelsTheChainsBeforeTheStepFails() throws Throwable {
        PluginTestbed tb = PluginTestbed.require();
        sessions.then(r -> {
            tb.configure();
            WorkflowJob p = r.createProject(WorkflowJob.class, "early-stop");
            p.setDefinition(new CpsFlowDefinition("holdOnResume {\n  def r = " + tb.step(90) + "\n}", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("sample 2/90 answered", b);
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("early-stop", WorkflowJob.class).getLastBuild();
            try {
                assertTrue(HoldOnResumeStep.RESUMING.await(2, java.util.concurrent.TimeUnit.MINUTES),
                        "the enclosing block is being resumed");
                b.doStop(); // reaches slurmEvaluate before its onResume, which waits behind the enclosing block
                // the build cannot end before every onResume returned (as with a node waiting for its agent), but
                // the chains are cancelled now
                r.waitForMessage("nothing of invocation ", b);
                assertEquals("", PluginTestbed.alive(PluginTestbed.record(b)));
                HoldOnResumeStep.RELEASE.countDown();
                r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
            } finally {
                HoldOnResumeStep.RELEASE.countDown();
                PluginTestbed.scancel(b);
            }
            r.assertLogContains("cancelled jobs ", b);
            assertEquals(1, count(b.getLog(), "following invocation "), "nothing watched after the restart");
        });
    }

    @Test
    void aFreestyleBuildCancelsItsChainsWhenJenkinsShutsDown() throws Throwable {
        PluginTestbed tb = PluginTestbed.require();
        io.jenkins.plugins.slurmevaluate.state.RunRecord[] record = new io.jenkins.plugins.slurmevaluate.state.RunRecord[1];
        sessions.then(r -> {
            tb.configure();
            hudson.model.FreeStyleProject p = r.createFreeStyleProject("freestyle");
            p.getBuildersList().add(tb.builder(90));
            hudson.model.FreeStyleBuild b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("sample 2/90 answered", b);
            record[0] = PluginTestbed.record(b);
        });
        try {
            assertEquals("", PluginTestbed.alive(record[0]), "queue empty once Jenkins has shut down");
        } finally {
            if (!PluginTestbed.alive(record[0]).isEmpty()) {
                for (var t : record[0].tasks()) {
                    new ProcessBuilder("scancel", "--name=" + t.jobName()).start().waitFor();
                }
            }
        }
        sessions.then(r -> {
            var b = r.jenkins.getItemByFullName("freestyle", hudson.model.FreeStyleProject.class).getLastBuild();
            assertTrue(!b.isBuilding() && b.getResult().isWorseThan(Result.SUCCESS), "the build ended with the shutdown");
            r.assertLogContains("Jenkins is shutting down and a freestyle build cannot resume: cancelling the Slurm jobs", b);
            r.assertLogContains("cancelled jobs ", b);
        });
    }

    /** {@code holdOnResume { … }}: a block whose onResume waits, like {@code node} waiting for its agent after a restart. */
    public static final class HoldOnResumeStep extends org.jenkinsci.plugins.workflow.steps.Step {
        static final java.util.concurrent.CountDownLatch RESUMING = new java.util.concurrent.CountDownLatch(1);
        static final java.util.concurrent.CountDownLatch RELEASE = new java.util.concurrent.CountDownLatch(1);

        @org.kohsuke.stapler.DataBoundConstructor
        public HoldOnResumeStep() {}

        @Override
        public org.jenkinsci.plugins.workflow.steps.StepExecution start(org.jenkinsci.plugins.workflow.steps.StepContext c) {
            return new Execution(c);
        }

        static final class Execution extends org.jenkinsci.plugins.workflow.steps.StepExecution {
            private static final long serialVersionUID = 1L;

            Execution(org.jenkinsci.plugins.workflow.steps.StepContext c) {
                super(c);
            }

            @Override
            public boolean start() {
                getContext().newBodyInvoker()
                        .withCallback(org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback.wrap(getContext())).start();
                return false;
            }

            @Override
            public void onResume() {
                RESUMING.countDown();
                try {
                    RELEASE.await(3, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @org.jvnet.hudson.test.TestExtension("aStopBeforeOnResumeCancelsTheChainsBeforeTheStepFails")
        public static final class DescriptorImpl extends org.jenkinsci.plugins.workflow.steps.StepDescriptor {
            @Override
            public String getFunctionName() {
                return "holdOnResume";
            }

            @Override
            public boolean takesImplicitBlockArgument() {
                return true;
            }

            @Override
            public java.util.Set<? extends Class<?>> getRequiredContext() {
                return java.util.Set.of();
            }
        }
    }
}
