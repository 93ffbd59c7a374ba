package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario a: a whole evaluation on the test bed, deployment included, gated to PASS, with the seed example's
 * {@code HF_TOKEN: $host:HF_TOKEN} holding a hostile value. The value must reach the evaluation process byte for byte
 * and nothing else: not run.sub, not a log, not the run record, not the argv of any process.
 */
@Tag("testbed")
class FullRunIT {

    /** Quotes, {@code $}, backticks, backslashes, a newline, non-ASCII and Slurm's own {@code %} patterns. */
    static final String HOSTILE = "hf_E2E'q\"$HOME$(id)`uname`\\x\\\\y %A %j !ev"
            + "\nsecond-line ünïcødé ✓ 🔑 '\"$ ` \\";

    @Test
    void aFullRunWithADeploymentPassesItsGateAndItsSecretReachesOnlyTheEvaluation() throws Exception {
        List<String> lines = HOSTILE.lines().toList();
        try (TestbedRun run = TestbedRun.of("full-run", Map.of("HF_TOKEN", HOSTILE), TestbedRun.testSettings(),
                "+env_vars.HF_TOKEN=$host:HF_TOKEN", "+env_vars.STANDIN_FINGERPRINT_ENV=lit:HF_TOKEN",
                "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:0.5");
                ArgvSampler argv = new ArgvSampler(lines, List.of("nemo-evaluator", "fake-model-server"))) {
            RunRecord end = run.runToEnd(Duration.ofMinutes(4));

            assertThat(end.tasks()).singleElement().satisfies(t -> {
                assertThat(t.stop()).isEqualTo("completed");
                assertThat(t.jobIds()).hasSize(1);
            });
            assertThat(run.chainLines()).as("the chain's events").hasSize(5).last().asString().endsWith("stopped reason=completed");
            Path collected = run.collect();
            Evaluator.Outcome outcome = run.verdict(collected, "gsm8k.exact_match.strict-match >= 0");
            assertThat(outcome.verdict()).as(outcome.message()).isEqualTo("PASS");
            assertThat(outcome.record().phase()).isEqualTo(RunRecord.Phase.DONE);
            Path artifacts = collected.resolve(dirName(run.taskDir())).resolve("artifacts");
            assertThat(artifacts.resolve("results.yml")).isRegularFile();
            assertThat(artifacts.resolve("cache")).doesNotExist();

            // the secret reached the evaluation process byte for byte ...
            Map<?, ?> fingerprints = new ObjectMapper().readValue(artifacts.resolve("env_fingerprints.json").toFile(), Map.class);
            assertThat(fingerprints.get("HF_TOKEN")).isEqualTo(sha256(HOSTILE));
            // ... and appears nowhere else
            argv.close();
            assertThat(argv.seenWitnesses()).as("the sampler saw the run's processes").contains("nemo-evaluator", "fake-model-server");
            assertThat(argv.hits()).as("processes whose argv held the secret (%d samples)", argv.samples()).isEmpty();
            String runSub = run.remoteText(run.taskDir() + "/run.sub");
            for (String line : lines) {
                assertThat(runSub).as("run.sub").doesNotContain(line);
                assertThat(run.logs.everything()).as("what the sink received").doesNotContain(line).doesNotContain("****");
                for (byte[] json : run.savedRecords()) {
                    assertThat(new String(json, StandardCharsets.UTF_8)).as("a saved run record").doesNotContain(line)
                            .doesNotContain(jsonEscaped(line));
                }
            }
            assertThat(filesContaining(collected, lines)).as("downloaded files holding the secret").isEmpty();
            assertThat(filesContaining(Path.of(run.testbed.get("TESTBED_SPANK_LOGDIR")), lines, run.task().jobIds().get(0) + "."))
                    .as("what the Pyxis double recorded of the job's steps (options and argv)").isEmpty();
            assertThat(run.remoteText(run.taskDir() + "/.secrets.env")).as("the secret is in .secrets.env, and only there")
                    .contains("second-line");

            run.assertCleanEnd();
        }
    }

    static String dirName(String taskDir) {
        return taskDir.substring(taskDir.lastIndexOf('/') + 1);
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static String jsonEscaped(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Files under {@code dir} (whose names start with {@code prefix}) that contain one of the needles. */
    static List<Path> filesContaining(Path dir, List<String> needles, String... prefix) throws Exception {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (prefix.length > 0 && !f.getFileName().toString().startsWith(prefix[0])) {
                    continue;
                }
                byte[] b = Files.readAllBytes(f);
                if (needles.stream().anyMatch(n -> ArgvSampler.contains(b, n))) {
                    found.add(f);
                }
            }
        }
        return found;
    }
}
