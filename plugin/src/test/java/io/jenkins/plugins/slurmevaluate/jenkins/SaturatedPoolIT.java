package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    private WorkflowRun build;

    @org.junit.jupiter.api.AfterEach
    void leaveNothingQueued() throws Exception {
        PluginTestbed.scancel(build);
    }

    @Test
    void logsKeepFlowingWhileEveryStageThreadIsBusy(JenkinsRule r) throws Exception {
        PluginTestbed tb = PluginTestbed.require();
        tb.configure();
        WorkflowJob p = r.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(tb.pipeline(40), true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        build = b;
        CountDownLatch release = new CountDownLatch(1);
        try {
            r.waitForMessage("sample 2/40 answered", b);
            for (int i = 0; i < EvaluationPool.STAGE_THREADS; i++) {
                EvaluationPool.get().scheduler().execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            r.waitForMessage("sample 12/40 answered", b); // ten more lines with no stage thread free
        } finally {
            release.countDown();
        }
        // while only log offsets move, the build's files are not rewritten every few seconds
        java.nio.file.Path dir = b.getRootDir().toPath();
        int[] writes = writesDuring(dir, List.of("build.xml", "program.dat"), java.time.Duration.ofSeconds(20));
        System.out.println("[saves] in 20 s of streaming: build.xml " + writes[0] + ", program.dat " + writes[1]);
        assertTrue(writes[0] == 0, "build.xml rewritten " + writes[0] + " times");
        assertTrue(writes[1] <= 1, "program.dat rewritten " + writes[1] + " times");
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
    }

    /** How often each file's modification time changed in the window, polled every 20 ms. */
    private static int[] writesDuring(java.nio.file.Path dir, List<String> names, java.time.Duration window)
            throws Exception {
        int[] counts = new int[names.size()];
        long[] last = new long[names.size()];
        for (int i = 0; i < names.size(); i++) {
            last[i] = mtime(dir.resolve(names.get(i)));
        }
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(20);
            for (int i = 0; i < names.size(); i++) {
                long m = mtime(dir.resolve(names.get(i)));
                if (m != last[i]) {
                    counts[i]++;
                    last[i] = m;
                }
            }
        }
        return counts;
    }

    private static long mtime(java.nio.file.Path f) throws java.io.IOException {
        return java.nio.file.Files.exists(f)
                ? java.nio.file.Files.getLastModifiedTime(f).to(java.util.concurrent.TimeUnit.NANOSECONDS) : -1;
    }
}
