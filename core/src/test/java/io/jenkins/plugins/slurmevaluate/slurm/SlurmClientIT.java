package io.jenkins.plugins.slurmevaluate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.FileChunk;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import io.jenkins.plugins.slurmevaluate.testbed.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Slurm client against the real test bed, over SSH as the test user and locally as the user running the tests.
 * The TIMEOUT job (60-90 s) is submitted first and checked last, so the other scenarios run while it waits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmClientIT {

    private static final Duration T = Duration.ofSeconds(30);
    private static final String UNKNOWN_ID = "99999999";

    private static Testbed testbed;
    private static RemoteHost ssh;
    private static SlurmClient slurm;
    private static String dir;
    private static String timeoutJob;
    private static long timeoutSubmittedAt;
    private static final List<String> submitted = new ArrayList<>();

    @BeforeAll
    static void submitTheSlowJobFirst() throws Exception {
        testbed = Testbed.load();
        ssh = testbed.ssh();
        slurm = new SlurmClient(ssh);
        dir = testbed.uniqueDir("slurm");
        // traps TERM like a real evaluation that checkpoints: Slurm still ends it at the limit
        String script = upload(ssh, dir + "/timeout.sh", "trap 'echo got TERM' TERM\nsleep 300 & wait\nsleep 300\n");
        timeoutJob = slurm.submit(script, options(dir, "--time=1", "--job-name=it-timeout"));
        timeoutSubmittedAt = System.nanoTime();
        submitted.add(timeoutJob);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (ssh != null) {
            slurm.cancel(submitted);
            ssh.exec(List.of("rm", "-rf", dir), T);
            ssh.close();
        }
    }

    @Test
    @Order(1)
    void aScriptUploadedWithWriteFileAndSubmittedOverSshCompletes() throws Exception {
        String token = "it-" + UUID.randomUUID();
        String script = upload(ssh, dir + "/hello.sh", "echo \"hello from $SLURM_JOB_ID\"\n");
        String id = submit(script, "--job-name=it-hello", "--comment=" + token);

        assertThat(slurm.queue()).as("found by its comment, as after an interrupted submission")
                .filteredOn(e -> e.comment().equals(token)).extracting(QueueEntry::jobId).containsExactly(id);
        AccountingEntry done = awaitAllocation(slurm, id, e -> e.state().isTerminal(), Duration.ofSeconds(60));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.exitCode()).isZero();
        // sacct's first rows are a placeholder named "allocation"; the job's own record follows within seconds
        AccountingEntry named = awaitAllocation(slurm, id, e -> !e.name().equals("allocation"), T);
        assertThat(named.name()).isEqualTo("it-hello");
        FileChunk out = ssh.readFile(dir + "/it-hello-" + id + ".out", 0, 1000);
        assertThat(new String(out.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello from " + id + "\n");
    }

    @Test
    @Order(2)
    void aStepWithContainerOptionsRunsAndThePyxisDoubleRecordsThem() throws Exception {
        assertThat(ssh.exec(List.of("mkdir", "-p", dir + "/a"), T).exitCode()).isZero();
        String mounts = dir + "/a:/b"; // the double refuses a mount source that does not exist, as Pyxis does
        String script = upload(ssh, dir + "/pyxis.sh", Shell.join("srun", "--container-image=x",
                "--container-mounts=" + mounts, "--no-container-mount-home", "true") + "\n");
        String id = submit(script, "--job-name=it-pyxis");

        AccountingEntry done = awaitAllocation(slurm, id, e -> e.state().isTerminal(), Duration.ofSeconds(60));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(slurm.accounting(List.of(id))).filteredOn(e -> "0".equals(e.step()))
                .singleElement().satisfies(step -> assertThat(step.state()).isEqualTo(JobState.COMPLETED));

        FileChunk record = ssh.readFile(testbed.spankLogDir() + "/" + id + ".0.json", 0, 10_000);
        assertThat(record.missing()).as("SPANK record of step 0").isFalse();
        JsonNode json = new ObjectMapper().readTree(record.bytes());
        assertThat(json.get("job").asText()).isEqualTo(id);
        assertThat(new ObjectMapper().convertValue(json.get("options"), Map.class)).isEqualTo(Map.of(
                "container-image", "x", "container-mounts", mounts, "no-container-mount-home", ""));
        assertThat(json.get("argv").toString()).isEqualTo("[\"true\"]");
    }

    @Test
    @Order(3)
    void oneQueueCallAnswersForKnownAndUnknownIdsAlikeWhereSqueueJobAloneFails() throws Exception {
        ExecResult raw = ssh.exec(List.of("squeue", "-h", "-t", "all", "-j", UNKNOWN_ID), T);
        assertThat(raw.exitCode()).as("the behaviour SlurmClient.queue avoids").isEqualTo(1);
        assertThat(raw.stderr()).contains("Invalid job id specified");

        assertThat(slurm.queue(List.of(UNKNOWN_ID))).isEmpty();
        assertThat(slurm.queue(List.of(timeoutJob, UNKNOWN_ID))).extracting(QueueEntry::jobId)
                .containsExactly(timeoutJob);
        assertThat(slurm.accounting(List.of(UNKNOWN_ID))).isEmpty();
    }

    @Test
    @Order(4)
    void aDependencyThatCanNeverBeSatisfiedIsSeenAndManyJobsAreCancelledInOneCall() throws Exception {
        String failing = submit(upload(ssh, dir + "/fail.sh", "exit 3\n"), "--job-name=it-fail");
        String dependent = submit(upload(ssh, dir + "/never.sh", "true\n"), "--job-name=it-never",
                "--dependency=afterok:" + failing);
        String sleeper = submit(upload(ssh, dir + "/sleep.sh", "sleep 300\n"), "--job-name=it-sleep");

        QueueEntry stuck = awaitQueued(dependent, QueueEntry::waitsForever, Duration.ofSeconds(60));
        assertThat(stuck.dependency()).isEqualTo("afterok:" + failing + "(failed)");
        awaitQueued(sleeper, e -> e.state() == JobState.RUNNING, Duration.ofSeconds(60));

        slurm.cancel(List.of(dependent, sleeper, UNKNOWN_ID));

        AccountingEntry failed = awaitAllocation(slurm, failing, e -> e.state().isTerminal(), T);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.exitCode()).isEqualTo(3);
        for (String id : List.of(dependent, sleeper)) {
            AccountingEntry cancelled = awaitAllocation(slurm, id, e -> e.state().isTerminal(), T);
            assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
            assertThat(cancelled.rawState()).startsWith("CANCELLED by ");
        }
    }

    @Test
    @Order(5)
    void aSubmissionSlurmRefusesCarriesItsReason() throws Exception {
        String script = upload(ssh, dir + "/refused.sh", "true\n");
        assertThatThrownBy(() -> slurm.submit(script, List.of("--account=no-such-account", "--time=1")))
                .isInstanceOfSatisfying(SubmissionFailedException.class, e -> {
                    assertThat(e.stderr()).contains("Invalid account or account/partition combination specified");
                    assertThat(e.scriptPath()).isEqualTo(script);
                    assertThat(e.maybeSubmitted()).isFalse();
                });
    }

    @Test
    @Order(6)
    void theLocalAdapterSubmitsAndQueriesAsTheProcessUser() throws Exception {
        String localDir = "/tmp/slurm-evaluate-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (RemoteHost local = RemoteHost.local()) {
            SlurmClient localSlurm = new SlurmClient(local);
            String script = upload(local, localDir + "/local.sh", "echo \"local $(id -un)\"\n");
            String id = localSlurm.submit(script, options(localDir, "--time=1", "--job-name=it-local"));
            try {
                assertThat(localSlurm.queue(List.of(id))).extracting(QueueEntry::jobId).containsExactly(id);
                AccountingEntry done = awaitAllocation(localSlurm, id, e -> e.state().isTerminal(),
                        Duration.ofSeconds(60));
                assertThat(done.state()).isEqualTo(JobState.COMPLETED);
                FileChunk out = local.readFile(localDir + "/it-local-" + id + ".out", 0, 1000);
                assertThat(new String(out.bytes(), StandardCharsets.UTF_8))
                        .isEqualTo("local " + System.getProperty("user.name") + "\n");
            } finally {
                localSlurm.cancel(List.of(id));
                local.exec(List.of("rm", "-rf", localDir), T);
            }
        }
    }

    @Test
    @Order(100)
    void aJobPastItsTimeLimitEndsInTimeoutWhichIsResumable() throws Exception {
        Duration left = Duration.ofSeconds(180).minusNanos(System.nanoTime() - timeoutSubmittedAt);
        AccountingEntry timedOut = awaitAllocation(slurm, timeoutJob, e -> e.state().isTerminal(), left);
        assertThat(timedOut.state()).isEqualTo(JobState.TIMEOUT);
        assertThat(timedOut.state().isResumable()).isTrue();
        assertThat(timedOut.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(ssh.connectionCount()).as("every command and poll of this class used one connection").isEqualTo(1);
    }

    /** sbatch options for a short test job that writes {@code <dir>/<name>-<id>.out}. */
    private static List<String> options(String outDir, String... extra) {
        List<String> opts = new ArrayList<>(List.of("--account=" + testbed.account(),
                "--partition=" + testbed.partition(), "--output=" + outDir + "/%x-%j.out", "--ntasks=1",
                "--cpus-per-task=1"));
        opts.addAll(List.of(extra));
        return opts;
    }

    private static String submit(String script, String... extra) throws Exception {
        List<String> opts = new ArrayList<>(List.of("--time=2"));
        opts.addAll(List.of(extra));
        String id = slurm.submit(script, options(dir, opts.toArray(String[]::new)));
        submitted.add(id);
        return id;
    }

    private static String upload(RemoteHost host, String path, String body) throws IOException {
        host.writeFile(path, ("#!/bin/bash\n" + body).getBytes(StandardCharsets.UTF_8), 0700);
        return path;
    }

    /** Polls sacct once a second until the job's latest allocation row satisfies {@code done}. */
    private static AccountingEntry awaitAllocation(SlurmClient client, String id, Predicate<AccountingEntry> done,
            Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        AccountingEntry last = null;
        while (System.nanoTime() < deadline) {
            last = SlurmClient.latestAllocations(client.accounting(List.of(id))).get(id);
            if (last != null && done.test(last)) {
                return last;
            }
            Thread.sleep(1000);
        }
        return fail("job " + id + " did not get there within " + max + "; last sacct row: " + last);
    }

    private static QueueEntry awaitQueued(String id, Predicate<QueueEntry> done, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        List<QueueEntry> last = List.of();
        while (System.nanoTime() < deadline) {
            last = slurm.queue(List.of(id));
            if (last.size() == 1 && done.test(last.get(0))) {
                return last.get(0);
            }
            Thread.sleep(1000);
        }
        return fail("job " + id + " did not get there within " + max + "; last squeue rows: " + last);
    }
}
