package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C leaves the jobs running; {@code kill} empties the queue; {@code resume} refuses while alive, then resumes. */
@Tag("testbed")
class KillAndResumeIT {

    @TempDir
    Path dir;

    @Test
    void ctrlCLeavesTheJobRunningAndKillLeavesNothingInTheQueueWithin10Seconds() throws Exception {
        try (TestbedCli tb = new TestbedCli("kill", dir)) {
            List<String> args = tb.run("--tasks", "gsm8k");
            args.addAll(TestbedCli.slow(60));
            CliProcess run = tb.start(args);
            String id = run.awaitLine(Pattern.compile("invocation ([0-9a-f]{16}):"), Duration.ofSeconds(60));
            run.awaitLine(Pattern.compile("gsm8k\\.1: job \\d+ RUNNING"), Duration.ofMinutes(3));
            run.signal("INT");
            assertThat(run.waitFor(Duration.ofSeconds(30))).isEqualTo(ExitCode.INTERRUPTED);
            Hints hints = new Hints(tb.state, StateOption.defaultDirectory(new CliContext(System.out, System.err, java.util.Map.of(),
                    dir)));
            assertThat(String.join("\n", run.stderr())).contains("its jobs KEEP RUNNING on the cluster")
                    .contains(hints.follow(id)).contains(hints.kill(id));
            String jobName = tb.record(id).tasks().get(0).jobName();
            assertThat(tb.queued(List.of(jobName))).as("the job after Ctrl-C").anyMatch(l -> l.endsWith("RUNNING"));
            CliRun live = tb.inProcess(tb.on("status", id));
            assertThat(live.exitCode()).as(live.err()).isZero();
            assertThat(live.out()).containsPattern("gsm8k\\.1 +RUNNING +1 +\\d+ +alive");

            long t0 = System.nanoTime();
            CliRun kill = tb.inProcess(tb.on("kill", id));
            double took = (System.nanoTime() - t0) / 1e9;
            System.out.printf("[cli] KillAndResumeIT: kill took %.1f s%n", took);
            assertThat(kill.exitCode()).as(kill.err()).isZero();
            assertThat(tb.queued(List.of(jobName))).isEmpty();
            assertThat(took).isLessThan(10);
            Thread.sleep(3000); // nothing comes back: no successor was left to start
            assertThat(tb.queued(List.of(jobName))).isEmpty();
            assertThat(tb.record(id).phase()).isEqualTo(RunRecord.Phase.KILLED);
            CliRun status = tb.inProcess(tb.on("status", id, "--json"));
            assertThat(status.out()).contains("\"stop\" : \"killed\"");
        }
    }

    @Test
    void withCancelOnInterruptCtrlCCancelsTheJobs() throws Exception {
        try (TestbedCli tb = new TestbedCli("cancel", dir)) {
            List<String> args = tb.run("--tasks", "gsm8k", "--cancel-on-interrupt");
            args.addAll(TestbedCli.slow(60));
            CliProcess run = tb.start(args);
            String id = run.awaitLine(Pattern.compile("invocation ([0-9a-f]{16}):"), Duration.ofSeconds(60));
            run.awaitLine(Pattern.compile("gsm8k\\.1: job \\d+ RUNNING"), Duration.ofMinutes(3));
            run.signal("INT");
            assertThat(run.waitFor(Duration.ofSeconds(60))).isEqualTo(ExitCode.INTERRUPTED);
            assertThat(String.join("\n", run.stderr())).contains("cancelling every job of invocation " + id)
                    .contains("cancelled; nothing of invocation " + id + " is left in the queue");
            assertThat(tb.queued(List.of(tb.record(id).tasks().get(0).jobName()))).isEmpty();
            assertThat(tb.record(id).phase()).isEqualTo(RunRecord.Phase.KILLED);
        }
    }

    @Test
    void resumeRefusesWhileAJobIsAliveAndResumesAKilledRunToItsVerdict() throws Exception {
        try (TestbedCli tb = new TestbedCli("resume", dir)) {
            List<String> args = tb.run("--tasks", "gsm8k", "--detach", "--gate", "gsm8k.exact_match.flexible-extract >= 0.2");
            args.addAll(TestbedCli.slow(12));
            CliRun detached = tb.inProcess(args);
            assertThat(detached.exitCode()).as(detached.err()).isZero();
            String id = detached.out().strip();
            assertThat(detached.err()).contains("slurm-evaluate logs -f " + id + " --state-dir " + tb.state);
            String jobName = tb.record(id).tasks().get(0).jobName();
            awaitRunning(tb, jobName);

            CliRun refused = tb.inProcess(tb.on("resume", id));
            assertThat(refused.exitCode()).isEqualTo(ExitCode.INVALID);
            assertThat(refused.err()).contains("still has jobs in the queue").contains("kill the invocation first");

            assertThat(tb.inProcess(tb.on("kill", id)).exitCode()).isZero();
            long t0 = System.nanoTime();
            CliRun resumed = tb.inProcess(tb.on("resume", id));
            System.out.printf("[cli] KillAndResumeIT: resume to verdict took %.1f s%n", (System.nanoTime() - t0) / 1e9);
            assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.PASS);
            assertThat(resumed.err()).contains("gsm8k.1: resumed as job");
            TaskRecord task = tb.record(id).tasks().get(0);
            assertThat(task.jobIds()).hasSize(2);
            assertThat(task.stop()).isEqualTo("completed");
            assertThat(tb.record(id).verdict()).isEqualTo("PASS");
        }
    }

    private static void awaitRunning(TestbedCli tb, String jobName) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (tb.queued(List.of(jobName)).stream().noneMatch(l -> l.endsWith("RUNNING"))) {
            assertThat(System.nanoTime()).as("job " + jobName + " running").isLessThan(deadline);
            Thread.sleep(1000);
        }
    }
}
