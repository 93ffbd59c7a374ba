package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} of examples/testbed.yaml on the Slurm test bed, end to end, as the README's main job does it. */
@Tag("testbed")
class RunIT {

    @TempDir
    Path dir;

    @Test
    void theTestbedExampleRunsToAPassingVerdictWithReportsAndArtifactsOnDisk() throws Exception {
        try (TestbedCli tb = new TestbedCli("run", dir)) {
            long t0 = System.nanoTime();
            CliRun r = tb.inProcess(tb.run("--gate", "ifeval.acc >= 0.5", "--gate", "gsm8k.exact_match.flexible-extract >= 0.2"));
            System.out.printf("[cli] RunIT: run took %.1f s%n", (System.nanoTime() - t0) / 1e9);

            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.PASS);
            assertThat(r.out()).contains("slurm-evaluate: PASS (4 checks: 4 passed, 0 failed, 0 inconclusive)");
            assertThat(r.out()).containsPattern("(?m)^\\[gsm8k\\.1 client-\\d+\\] done: 5/5 samples");
            Matcher m = Pattern.compile("invocation ([0-9a-f]{16}):").matcher(r.err());
            assertThat(m.find()).isTrue();
            RunRecord record = tb.record(m.group(1));
            assertThat(record.phase()).isEqualTo(RunRecord.Phase.DONE);
            assertThat(record.verdict()).isEqualTo("PASS");
            assertThat(record.tasks()).extracting(TaskRecord::stop).containsOnly("completed");
            assertThat(record.tasks()).extracting(TaskRecord::progress).allMatch(p -> p != null && p > 0);
            CliRun status = tb.inProcess(tb.on("status", m.group(1)));
            assertThat(status.out()).as(status.err()).containsPattern("(?m)^gsm8k\\.1 .* requests done [1-9]\\d*$");

            Path results = dir.resolve("results");
            assertThat(Files.readString(results.resolve("gate-report.json"))).contains("\"verdict\" : \"PASS\"");
            assertThat(Files.readString(results.resolve("gate-report.xml"))).contains("<testsuite").doesNotContain("<failure");
            for (TaskRecord t : record.tasks()) {
                String name = Path.of(t.taskDir()).getFileName().toString();
                assertThat(results.resolve(name).resolve("artifacts/results.yml")).isRegularFile();
                assertThat(results.resolve(name).resolve("logs/slurm-" + t.jobIds().get(0) + ".log")).isRegularFile();
            }
            assertThat(r.err()).contains("slurm-evaluate: PASS: 4 of 4 checks passed");
        }
    }

    @Test
    void aPreCmdWithoutTheOptInIsRefusedAndNothingReachesTheQueue() throws Exception {
        try (TestbedCli tb = new TestbedCli("untrusted", dir)) {
            String before = tb.remote("squeue --me -h -t all -o %i").stdout();
            CliRun r = tb.inProcess(tb.run("-o", "++evaluation.pre_cmd=echo from an unreviewed branch"));

            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID);
            assertThat(r.err()).contains("refusing to submit: the config runs shell commands")
                    .contains("evaluation.pre_cmd").contains("--trust-pre-cmd");
            assertThat(tb.remote("squeue --me -h -t all -o %i").stdout().lines()).isSubsetOf(before.lines().toList());
            assertThat(tb.remote("test -e " + tb.outputDir).exitCode()).as("nothing staged").isNotZero();
        }
    }
}
