package io.jenkins.plugins.slurmevaluate.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup.Var;
import io.jenkins.plugins.slurmevaluate.script.spec.Evaluation;
import io.jenkins.plugins.slurmevaluate.script.spec.SbatchHeader;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rendered run.sub on the real Slurm test bed (testbed/up.sh), reached with {@code ssh slurm-testbed}: a
 * "no deployment" task whose evaluator is a shell function defined by pre_cmd. The first link queues its successor,
 * runs, and on its clean exit cancels the successor: nothing is left in the queue. Fails without the test bed;
 * {@code -Dtestbed.keep=true} keeps the remote directory for inspection.
 */
@Tag("testbed")
class ChainOnTestbedIT {

    private static final Path TESTBED_ENV = Path.of(System.getenv().getOrDefault("TESTBED_ENV",
            "/var/lib/slurm-testbed/run/testbed.env"));
    private static final String SECRET = "tb-FAKE 'secret' \"$(id)\" `x` \\ %A ! é";
    private static final String COMMENT = "it's a \"test\": 50% of $HOME, `id`, \\back\\slash # not a comment";

    private Properties testbed;
    private String remoteDir;
    private String jobName;

    @BeforeEach
    void connect() throws IOException {
        // fails with "test bed not running: run testbed/up.sh as root" when it is missing: no silent skip
        io.jenkins.plugins.slurmevaluate.testbed.Testbed.load();
        testbed = new Properties();
        try (var in = Files.newBufferedReader(TESTBED_ENV)) {
            testbed.load(in);
        }
        remoteDir = testbed.getProperty("TESTBED_USER_HOME") + "/se-it/script-" + System.nanoTime();
    }

    @AfterEach
    void cleanUp() {
        if (jobName != null) {
            ssh("scancel --name=" + Shell.quote(jobName) + " || true");
        }
        if (remoteDir != null && testbed != null) {
            if (Boolean.getBoolean("testbed.keep")) {
                System.out.println("[script] kept " + remoteDir + " on the test bed (-Dtestbed.keep=true)");
            } else {
                ssh("rm -rf " + Shell.quote(remoteDir) + "; rmdir " + Shell.quote(remoteDir.substring(0,
                        remoteDir.lastIndexOf('/'))) + " 2>/dev/null || true");
            }
        }
    }

    @Test
    void aCleanFirstLinkCompletesAndLeavesNothingInTheQueue() throws Exception {
        String invocation = String.format("%016x", ThreadLocalRandom.current().nextLong());
        String run = TaskLayout.invocationDirName(LocalDateTime.now(), invocation);
        TaskLayout layout = TaskLayout.of(remoteDir, run, "it's a task", 0);
        jobName = "evalacct-slurm-evaluate." + TaskLayout.taskDirName("it's a task", 0) + "-" + invocation;
        String evaluator = "nemo-evaluator() {\n"
                + "  printf '%s' \"$PROBE_SECRET\" | sha256sum | cut -d' ' -f1 >/results/secret.sha256\n"
                + "  cp run_config.yaml /results/seen_run_config.yaml\n"
                + "  echo \"stand-in evaluator: $* LIT=$PROBE_LIT\"\n"
                + "}";
        ScriptSpec spec = ScriptSpec.builder().invocationId(invocation).layout(layout)
                .header(SbatchHeader.builder().time("00:05:00").account(testbed.getProperty("TESTBED_ACCOUNT"))
                        .partition(testbed.getProperty("TESTBED_PARTITION")).comment(COMMENT).jobName(jobName).build())
                .evaluation(Evaluation.builder().image("nvcr.io/nvidia/eval-factory/simple-evals:26.03")
                        .runConfigYaml("config:\n  type: mmlu\n  output_dir: /results\n")
                        .preCmd(evaluator)
                        .env(EnvGroup.of("it's a task.0", Var.host("PROBE_SECRET", SECRET), Var.lit("PROBE_LIT", "lit value")))
                        .build())
                .chain(new ScriptSpec.Chain(3, OptionalLong.of(3600)))
                .build();
        RenderedTask task = new ScriptRenderer().render(spec);

        ssh("mkdir -p " + Shell.quote(layout.logsDir()) + " " + Shell.quote(layout.artifactsDir()));
        for (RenderedFile file : task.files()) {
            upload(file);
        }
        String jobId = ssh("sbatch --parsable " + Shell.quote(layout.runScript())).stdout().trim();
        assertThat(jobId).matches("[0-9]+");

        List<String> events = waitForStopped(layout, 180);
        String successor = events.get(0).replaceFirst(".* id=", "");
        assertThat(events).containsExactly(jobId + " successor id=" + successor, jobId + " started link=1",
                jobId + " exit code=0", jobId + " successor_cancelled id=" + successor, jobId + " stopped reason=completed");
        assertThat(waitForEmptyQueue(30)).as("squeue -u slurmtest -n " + jobName).isEmpty();
        assertThat(sacctState(successor, 30)).startsWith("CANCELLED");
        assertThat(sacctState(jobId, 30)).isEqualTo("COMPLETED");

        assertThat(cat(layout.artifactsDir() + "/secret.sha256").trim()).as("the secret reached the evaluation")
                .isEqualTo(sha256(SECRET));
        assertThat(cat(layout.artifactsDir() + "/seen_run_config.yaml"))
                .isEqualTo(spec.evaluation().runConfigYaml() + "\n");
        String log = cat(layout.slurmLog(jobId)) + cat(layout.clientLog(jobId));
        assertThat(log).contains("+ exec srun").contains("stand-in evaluator: run_eval --run_config run_config.yaml"
                + " LIT=lit value").doesNotContain(SECRET);
        assertThat(ssh("stat -c %a " + Shell.quote(layout.secretsFile())).stdout().trim()).isEqualTo("600");
        assertThat(cat(layout.jobIdList())).isEqualTo(jobId + "\n");
        assertThat(cat(layout.endMarker(jobId))).matches("[0-9]+ 0\n");
        // P-27: sbatch read the comment back exactly as written
        assertThat(ssh("squeue -h -t all -j " + jobId + " -o %k").stdout()).isEqualTo(COMMENT + "\n");
    }

    /**
     * The first link runs into its 1-minute time limit; Slurm starts the queued successor, which finds the predecessor
     * TIMEOUT in sacct, resumes, and completes. Takes 1.5-2 minutes (the time limit is checked every 30 s).
     */
    @Test
    void aTimedOutLinkIsResumedByItsSuccessor() throws Exception {
        String invocation = String.format("%016x", ThreadLocalRandom.current().nextLong());
        TaskLayout layout = TaskLayout.of(remoteDir, TaskLayout.invocationDirName(LocalDateTime.now(), invocation),
                "resume", 0);
        jobName = "evalacct-slurm-evaluate.resume.0-" + invocation;
        // the first link's evaluation outlives the time limit; the second finds its mark in /results and finishes
        String evaluator = "nemo-evaluator() {\n"
                + "  if [ -e /results/first ]; then echo resumed; return 0; fi\n"
                + "  touch /results/first; sleep 600\n"
                + "}";
        ScriptSpec spec = ScriptSpec.builder().invocationId(invocation).layout(layout)
                .header(SbatchHeader.builder().time("1").account(testbed.getProperty("TESTBED_ACCOUNT"))
                        .partition(testbed.getProperty("TESTBED_PARTITION")).jobName(jobName).build())
                .evaluation(Evaluation.builder().image("img").runConfigYaml("config: {}\n").preCmd(evaluator)
                        .env(EnvGroup.of("resume.0")).build())
                .chain(new ScriptSpec.Chain(3, OptionalLong.of(3600)))
                .build();
        RenderedTask task = new ScriptRenderer().render(spec);
        ssh("mkdir -p " + Shell.quote(layout.logsDir()) + " " + Shell.quote(layout.artifactsDir()));
        for (RenderedFile file : task.files()) {
            upload(file);
        }
        String first = ssh("sbatch --parsable " + Shell.quote(layout.runScript())).stdout().trim();

        List<String> events = waitForStopped(layout, 240);
        String second = events.get(0).replaceFirst(".* id=", "");
        String third = events.get(3).replaceFirst(".* id=", "");
        assertThat(events).containsExactly(first + " successor id=" + second, first + " started link=1",
                first + " exit code=143 signal=TERM",
                second + " successor id=" + third, second + " resumed link=2 prev=" + first
                        + " prev_state=TIMEOUT source=sacct",
                second + " exit code=0", second + " successor_cancelled id=" + third, second + " stopped reason=completed");
        assertThat(sacctState(first, 30)).isEqualTo("TIMEOUT");
        assertThat(sacctState(second, 30)).isEqualTo("COMPLETED");
        assertThat(sacctState(third, 30)).startsWith("CANCELLED");
        assertThat(waitForEmptyQueue(30)).isEmpty();
        assertThat(cat(layout.jobIdList())).isEqualTo(first + "\n" + second + "\n");
        System.out.println("[script] resume on the test bed:\n" + cat(layout.chainStatus()));
    }

    private List<String> waitForStopped(TaskLayout layout, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String status = "";
        while (System.nanoTime() < deadline) {
            status = ssh("cat " + Shell.quote(layout.chainStatus()) + " 2>/dev/null || true").stdout();
            if (status.contains(" stopped ")) {
                return status.lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("no stopped event after " + seconds + " s; .chain_status:\n" + status
                + ssh("squeue -u slurmtest -o '%i %j %T %r'; tail -50 " + Shell.quote(layout.logsDir()) + "/*").stdout());
    }

    private String waitForEmptyQueue(int seconds) throws InterruptedException {
        String queue = "";
        for (int i = 0; i < seconds; i++) {
            queue = ssh("squeue -h -u slurmtest -n " + Shell.quote(jobName) + " -o '%i %T %r'").stdout();
            if (queue.isEmpty()) {
                return queue;
            }
            Thread.sleep(1000);
        }
        return queue;
    }

    private String sacctState(String jobId, int seconds) throws InterruptedException {
        String state = "";
        for (int i = 0; i < seconds; i++) {
            state = ssh("sacct -X -n -P -j " + jobId + " -o State").stdout().trim();
            if (!state.isEmpty() && !state.equals("PENDING") && !state.equals("RUNNING") && !state.equals("COMPLETING")) {
                return state;
            }
            Thread.sleep(1000);
        }
        return state;
    }

    private void upload(RenderedFile file) {
        String tmp = file.remotePath() + ".uploading";
        String command = "umask 077 && cat >" + Shell.quote(tmp) + " && chmod " + Integer.toOctalString(file.mode()) + " "
                + Shell.quote(tmp) + " && mv " + Shell.quote(tmp) + " " + Shell.quote(file.remotePath());
        Bash.Result r = run(List.of("ssh", "-F", testbed.getProperty("TESTBED_SSH_CONFIG"),
                testbed.getProperty("TESTBED_SSH_ALIAS"), command), file.content());
        assertThat(r.exitCode()).as("upload of " + file + ": " + r).isZero();
    }

    private String cat(String path) {
        return ssh("cat " + Shell.quote(path)).stdout();
    }

    private Bash.Result ssh(String command) {
        return run(List.of("ssh", "-F", testbed.getProperty("TESTBED_SSH_CONFIG"), testbed.getProperty("TESTBED_SSH_ALIAS"),
                command), new byte[0]);
    }

    private static Bash.Result run(List<String> argv, byte[] stdin) {
        try {
            Process p = new ProcessBuilder(argv).start();
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            }
            var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            String err = read(p.getErrorStream());
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(argv + " timed out");
            }
            return new Bash.Result(p.exitValue(), out.get(), err);
        } catch (Exception e) {
            throw new AssertionError(argv + " failed", e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
