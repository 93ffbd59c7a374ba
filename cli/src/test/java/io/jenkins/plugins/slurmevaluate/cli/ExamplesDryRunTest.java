package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in examples/ dry-runs cleanly, and no secret value reaches the output. */
class ExamplesDryRunTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String HF_TOKEN = "hf_VerySecretToken1234";
    private static final String NGC_KEY = "nvapi-AnotherSecret9876";

    @TempDir
    Path dir;

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleDryRunsWithSecretsFromTheEnvironment(Path example) {
        CliRun r = CliRun.of(Map.of("HF_TOKEN", HF_TOKEN, "NGC_API_KEY", NGC_KEY, "USER", "tester"), dir,
                "run", "-c", example.toString(), "--dry-run");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("DRY RUN:").contains("job ");
        assertThat(r.out() + r.err()).doesNotContain(HF_TOKEN).doesNotContain(NGC_KEY)
                .doesNotContain(HF_TOKEN.substring(HF_TOKEN.length() - 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleDryRunsWithSecretsFromAnEnvFile(Path example) throws IOException {
        Path envFile = dir.resolve("secrets.env");
        Files.writeString(envFile, "# test secrets\nHF_TOKEN=" + HF_TOKEN + "\nexport NGC_API_KEY='" + NGC_KEY + "'\n");
        CliRun r = CliRun.of(Map.of(), dir, "run", "-c", example.toString(), "--dry-run", "--env-file",
                envFile.toString(), "--output-dir", dir.resolve("out").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).doesNotContain(HF_TOKEN).doesNotContain(NGC_KEY);
        try (Stream<Path> written = Files.walk(dir.resolve("out"))) {
            List<Path> files = written.filter(Files::isRegularFile).toList();
            assertThat(files).anyMatch(p -> p.getFileName().toString().equals("run.sub"));
            for (Path f : files) {
                assertThat(Files.readString(f)).doesNotContain(HF_TOKEN).doesNotContain(NGC_KEY);
            }
        }
    }

    @Test
    void dryRunWritesEachTasksScriptAndRedactedSecretsIntoTheOutputDirectory() throws IOException {
        CliRun r = CliRun.of(Map.of("HF_TOKEN", HF_TOKEN), dir, "run", "-c",
                EXAMPLES.resolve("slurm_llama_3_1_8b_instruct.yaml").toAbsolutePath().toString(), "--dry-run", "--output-dir", "scripts");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("scripts of invocation [0-9a-f]{16} written to " + java.util.regex.Pattern.quote(
                dir.resolve("scripts").toString())).contains("  hellaswag.0/run.sub (+ .secrets.env.redacted)");
        assertThat(Files.readString(dir.resolve("scripts/hellaswag.0/run.sub"))).startsWith("#!/bin/bash").contains("#SBATCH");
        assertThat(Files.readString(dir.resolve("scripts/hellaswag.0/.secrets.env.redacted"))).contains("'***'")
                .doesNotContain(HF_TOKEN);
    }

    @Test
    void theJudgeExampleShowsWhatEachReferenceToTheJudgeResolvesToAndItsRunConfigKeepsNone() throws IOException {
        CliRun r = CliRun.of(Map.of("HF_TOKEN", HF_TOKEN, "USER", "tester"), dir, "run", "-c",
                EXAMPLES.resolve("slurm_auxiliary_judge.yaml").toString(), "--dry-run", "--output-dir", "scripts");
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (String job : List.of("AIME_2025.0", "AIME_2024.1")) {
            String block = r.out().substring(r.out().indexOf("job " + job));
            assertThat(block).contains("  reference: config.params.extra.judge.url: auxiliary_deployments.judge.chat_url"
                    + " -> http://${JUDGE_PRIMARY_NODE}:8001/v1/chat/completions (run config: ${JUDGE_CHAT_URL}, filled in by the job)\n"
                    + "  reference: config.params.extra.judge.model_id: auxiliary_deployments.judge.model_id"
                    + " -> Qwen/Qwen2.5-72B-Instruct\n");
            String runSub = Files.readString(dir.resolve("scripts").resolve(job).resolve("run.sub"));
            String runConfig = runSub.substring(runSub.indexOf("\nSE_RUN_CONFIG='"), runSub.indexOf("\n'\n", runSub.indexOf("\nSE_RUN_CONFIG='")));
            assertThat(runConfig).doesNotContain("auxiliary_deployments.judge.").contains("url: ${JUDGE_CHAT_URL}")
                    .contains("model_id: Qwen/Qwen2.5-72B-Instruct");
        }
    }

    @Test
    void dotEnvInTheWorkingDirectoryIsReadAndTheEnvironmentWins() throws IOException {
        Files.writeString(dir.resolve(".env"), "HF_TOKEN=from-file\n");
        CliRun r = CliRun.of(Map.of("HF_TOKEN", HF_TOKEN), dir, "run", "-c",
                EXAMPLES.resolve("slurm_llama_3_1_8b_instruct.yaml").toAbsolutePath().toString(), "--dry-run");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("HF_TOKEN is set in the environment and in").doesNotContain("from-file");
    }

    @Test
    void aMissingSecretFailsTheDryRunNamingTheVariableAndWhereItWasLookedFor() {
        CliRun r = CliRun.of(Map.of(), dir, "run", "-c", EXAMPLES.resolve("slurm_llama_3_1_8b_instruct.yaml").toString(),
                "--dry-run");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("env_vars.HF_TOKEN at ../examples/slurm_llama_3_1_8b_instruct.yaml:27:13: host "
                + "variable HF_TOKEN is not set (referenced by env_vars.HF_TOKEN as 'host:HF_TOKEN'); looked in the "
                + "process environment (no env file");
    }

    @Test
    void theSeedExamplePlansThreeCompletionsJobsOnEightGpus() {
        CliRun r = CliRun.of(Map.of("HF_TOKEN", HF_TOKEN), dir, "run", "-c",
                EXAMPLES.resolve("slurm_llama_3_1_8b_instruct.yaml").toString(), "--dry-run");
        assertThat(r.out()).contains("job hellaswag.0", "job arc_challenge.1", "job winogrande.2")
                .contains("endpoint:  completions http://127.0.0.1:8000/v1/completions")
                .contains("resources: nodes=1 gpus-per-node=8 time=04:00:00")
                .contains("chain:     max_walltime=120:00:00 max_chain_links=70 (derived: 2 x ceil(max_walltime "
                        + "120:00:00 / walltime 04:00:00) + 10); stops after 5 links in a row that each end within "
                        + "600s of starting without progress")
                .contains("HF_TOKEN: $host:HF_TOKEN")
                .contains("HF_TOKEN=*** (host:HF_TOKEN)");
    }
}
