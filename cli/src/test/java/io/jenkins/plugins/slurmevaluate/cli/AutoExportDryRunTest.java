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

/** A dry run says which destinations would be exported to, writes the export job's files, and shows no secret. */
class AutoExportDryRunTest {

    private static final String TOKEN = "mlflow-VerySecret-4321";

    @TempDir
    Path dir;

    @Test
    void aDryRunShowsTheExportJobAndItsConfigWithTheSecretRedacted() throws IOException {
        CliRun r = CliRun.of(Map.of("EXPORT_TOKEN", TOKEN, "USER", "tester"), dir, "run", "-c",
                Path.of("..", "examples", "testbed.yaml").toAbsolutePath().toString(), "--dry-run", "--output-dir", "scripts",
                "-o", "+execution.auto_export.destinations=[mlflow,local]", "-o", "execution.cpu_partition=cpu",
                "-o", "+export.env_vars.MLFLOW_TRACKING_TOKEN=host:EXPORT_TOKEN",
                "-o", "+export.mlflow.tracking_uri=http://mlflow:5000");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("  export:    mlflow, local, once the evaluation succeeded, in a CPU job (export.sbatch)"
                + " on partition cpu").contains("gsm8k.1/run.sub (+ .secrets.env.redacted) (+ export.sbatch, export_config.yml, config.yml)");
        Path task = dir.resolve("scripts/gsm8k.1");
        assertThat(Files.readString(task.resolve("export.sbatch"))).contains("#SBATCH --partition=cpu")
                .contains("--container-env=MLFLOW_TRACKING_TOKEN").contains("nemo-evaluator-launcher export");
        assertThat(Files.readString(task.resolve("export_config.yml"))).contains("tracking_uri: http://mlflow:5000")
                .doesNotContain("env_vars");
        assertThat(Files.readString(task.resolve(".secrets.env.redacted"))).contains("_EXPORT='***'");
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);
        try (Stream<Path> written = Files.walk(dir.resolve("scripts"))) {
            List<Path> files = written.filter(Files::isRegularFile).toList();
            for (Path f : files) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(TOKEN);
            }
        }
    }
}
