package io.jenkins.plugins.slurmevaluate.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup.Var;
import io.jenkins.plugins.slurmevaluate.script.spec.Export;
import io.jenkins.plugins.slurmevaluate.script.spec.Mount;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auto-export (reference b.15) with our chain semantics: only the link whose evaluation succeeded queues
 * {@code export.sbatch}, once, after itself (afterok); the export job gets the export group's secrets by name and
 * reports how it ended in {@code .chain_status}.
 */
class ExportSectionTest {

    static final String MLFLOW_TOKEN = "mlflow-FAKE'token\"$(id)";

    @TempDir
    Path tmp;

    /** The external-endpoint golden scenario with an export to mlflow and local. */
    static ScriptSpec withExport(String outputDir) {
        ScriptSpec s = GoldenSpecs.externalEndpoint(outputDir);
        String inv = s.layout().invocationDir();
        Export x = new Export(List.of("mlflow", "local"), Export.DEFAULT_IMAGE, "pip install 'nemo-evaluator-launcher[all]'",
                List.of(Mount.of(inv, inv), Mount.of(outputDir, outputDir), Mount.readOnly("/lustre/certs", "/certs")),
                "llm-team", "cpu", Export.DEFAULT_TIME, GoldenSpecs.INVOCATION + ".1", outputDir,
                EnvGroup.of("export", Var.host("MLFLOW_TRACKING_TOKEN", MLFLOW_TOKEN), Var.lit("MLFLOW_EXPERIMENT", "evals")),
                "export:\n  mlflow:\n    tracking_uri: http://mlflow:5000\n", "execution:\n  auto_export: [mlflow, local]\n");
        return new ScriptSpec(s.invocationId(), s.layout(), s.header(), s.mpi(), s.mountHome(), s.deployment(),
                s.auxiliaries(), s.evaluation(), s.chain(), Optional.of(x));
    }

    private static RenderedFile file(RenderedTask t, String name) {
        return t.exportFiles().stream().filter(f -> f.fileName().equals(name)).findFirst().orElseThrow();
    }

    private static String text(RenderedFile f) {
        return new String(f.content(), StandardCharsets.UTF_8);
    }

    @Test
    void exportSbatchPassesShellcheckAndHoldsNoSecret() {
        ScriptSpec spec = withExport(GoldenSpecs.CLUSTER_OUTPUT_DIR);
        RenderedTask t = new ScriptRenderer().render(spec);
        String sbatch = text(file(t, "export.sbatch"));
        ScriptChecks.bashSyntax("export.sbatch", sbatch, tmp);
        ScriptChecks.shellcheck("export.sbatch", sbatch, tmp);
        ScriptChecks.bashSyntax("run.sub", t.runScriptText(), tmp);
        ScriptChecks.shellcheck("run.sub", t.runScriptText(), tmp);
        assertThat(sbatch).contains("#SBATCH --partition=cpu", "#SBATCH --time=00:30:00",
                "#SBATCH --job-name=" + spec.header().jobName(), "--container-env=MLFLOW_EXPERIMENT,MLFLOW_TRACKING_TOKEN",
                "--no-container-mount-home", "/lustre/certs:/certs:ro", " mlflow local\n");
        for (String s : List.of(sbatch, t.runScriptText(), text(file(t, "export_config.yml")), text(file(t, "config.yml")))) {
            assertThat(s).doesNotContain(MLFLOW_TOKEN).doesNotContain("evals\n");
        }
        assertThat(t.redactedSecrets()).doesNotContain(MLFLOW_TOKEN);
        assertThat(new String(t.secrets().orElseThrow().content(), StandardCharsets.UTF_8)).contains("_EXPORT=");
        assertThat(file(t, "export_config.yml").remotePath()).isEqualTo(spec.layout().artifactsDir() + "/export_config.yml");
    }

    @Test
    void withoutAutoExportNothingChanges() {
        RenderedTask t = new ScriptRenderer().render(GoldenSpecs.externalEndpoint(GoldenSpecs.CLUSTER_OUTPUT_DIR));
        assertThat(t.exportFiles()).isEmpty();
        assertThat(t.runScriptText()).doesNotContain("export.sbatch").doesNotContain("auto-export");
    }

    @Test
    void aSuccessfulLinkQueuesTheExportOnceAfterItselfAndThenEndsTheChain() throws IOException {
        ScriptSpec spec = withExport(tmp.resolve("out dir").toString());
        FakeCluster cluster = new FakeCluster(tmp);
        Bash.Result r = cluster.runFirstLink(spec, new ScriptRenderer().render(spec), Map.of());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(cluster.calls()).containsOnlyOnce("--dependency=afterok:1000 " + spec.layout().exportScript());
        assertThat(events(spec)).endsWith("1000 export id=2001", "1000 exit code=0", "1000 successor_cancelled id=2001",
                "1000 stopped reason=completed");
        assertThat(r.stdout() + r.stderr()).doesNotContain(MLFLOW_TOKEN);
    }

    @Test
    void aFailedEvaluationSkipsTheExportWithALogLine() throws IOException {
        ScriptSpec spec = withExport(tmp.resolve("out dir").toString());
        FakeCluster cluster = new FakeCluster(tmp);
        Bash.Result r = cluster.runFirstLink(spec, new ScriptRenderer().render(spec), Map.of("STUB_EVAL", "fail"));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(cluster.calls()).doesNotContain("afterok");
        assertThat(r.stdout() + r.stderr()).contains("the evaluation failed (exit code 3): skipping auto-export");
        assertThat(events(spec)).noneMatch(e -> e.contains("export"));
    }

    @Test
    void anInterruptedEvaluationSkipsTheExportWithALogLine() throws IOException {
        ScriptSpec spec = withExport(tmp.resolve("out dir").toString());
        FakeCluster cluster = new FakeCluster(tmp);
        Bash.Result r = cluster.runFirstLink(spec, new ScriptRenderer().render(spec), Map.of("STUB_EVAL", "interrupted"));
        assertThat(r.exitCode()).isEqualTo(143);
        assertThat(cluster.calls()).doesNotContain("afterok");
        assertThat(r.stdout() + r.stderr()).contains("the evaluation was interrupted: skipping auto-export");
    }

    @Test
    void theExportJobSeesTheSecretByNameRunsEachDestinationAndReportsItsExitCode() throws Exception {
        ScriptSpec spec = withExport(tmp.resolve("out dir").toString());
        RenderedTask t = new ScriptRenderer().render(spec);
        for (RenderedFile f : t.files()) {
            Files.createDirectories(Path.of(f.remotePath()).getParent());
            Files.write(Path.of(f.remotePath()), f.content());
        }
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        tool(bin, "pip", "echo \"pip $*\" >>\"$STUB_DIR/pip.calls\"");
        // srun: drop the options and run the command on the host, as the test bed's Pyxis double does
        tool(bin, "srun", "while [[ $1 == --* ]]; do echo \"$1\" >>\"$STUB_DIR/srun.opts\"; shift; done; exec \"$@\"");
        tool(bin, "nemo-evaluator-launcher", "printf '%s|' \"$@\" >>\"$STUB_DIR/exports\"; echo \"$MLFLOW_TRACKING_TOKEN\" >>\"$STUB_DIR/exports\";"
                + " [[ $4 != local ]] || exit \"${STUB_LOCAL_RC:-0}\"");
        Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin", "STUB_DIR", bin.toString(), "SLURM_JOB_ID", "3000");
        Bash.Result ok = Bash.run(List.of("bash", spec.layout().exportScript()), env, tmp, 30);
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        String common = "--config|" + spec.layout().exportConfig() + "|--job-dirs|" + tmp.resolve("out dir") + "|";
        assertThat(Files.readAllLines(bin.resolve("exports"))).containsExactly(
                "export|0123456789abcdef.1|--dest|mlflow|" + common + MLFLOW_TOKEN,
                "export|0123456789abcdef.1|--dest|local|" + common + MLFLOW_TOKEN);
        assertThat(ok.stdout() + ok.stderr()).doesNotContain(MLFLOW_TOKEN).contains("exported to mlflow local");
        assertThat(events(spec)).endsWith("3000 export_end code=0");
        assertThat(Files.readString(bin.resolve("pip.calls"))).isEqualTo("pip install nemo-evaluator-launcher[all]\n");
        assertThat(Files.readString(bin.resolve("srun.opts"))).contains("--no-container-mount-home")
                .contains("--container-env=MLFLOW_EXPERIMENT,MLFLOW_TRACKING_TOKEN");

        Map<String, String> failing = new java.util.HashMap<>(env);
        failing.put("STUB_LOCAL_RC", "2");
        Bash.Result bad = Bash.run(List.of("bash", spec.layout().exportScript()), failing, tmp, 30);
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.stderr()).contains("the export to local failed");
        assertThat(events(spec)).endsWith("3000 export_end code=1");

        // scancel while an exporter runs (Slurm signals every process of the job): the job reports 143, not the
        // code of the last command that ended
        tool(bin, "nemo-evaluator-launcher", "echo started >>\"$STUB_DIR/slow\"; sleep 30");
        ProcessBuilder pb = new ProcessBuilder("setsid", "bash", spec.layout().exportScript()).directory(tmp.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process export = pb.start();
        while (!Files.exists(bin.resolve("slow"))) {
            assertThat(export.isAlive()).isTrue();
            Thread.sleep(20);
        }
        new ProcessBuilder("kill", "-TERM", "--", "-" + export.pid()).start().waitFor();
        assertThat(export.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(events(spec)).last().isEqualTo("3000 export_end code=143");
    }

    private static void tool(Path bin, String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static List<String> events(ScriptSpec spec) throws IOException {
        return Files.readAllLines(Path.of(spec.layout().chainStatus())).stream()
                .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }
}
