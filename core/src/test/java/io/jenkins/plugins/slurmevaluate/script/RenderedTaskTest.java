package io.jenkins.plugins.slurmevaluate.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup.Var;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderedTaskTest {

    @TempDir
    Path tmp;

    private final RenderedTask vllm = new ScriptRenderer().render(GoldenSpecs.vllmSingle(GoldenSpecs.CLUSTER_OUTPUT_DIR));

    @Test
    void secretsAreMode0600AndEverythingElse0644() {
        assertThat(vllm.secrets().orElseThrow().mode()).isEqualTo(0600);
        assertThat(vllm.secrets().orElseThrow().remotePath()).endsWith("/lm-evaluation-harness.ifeval.0/.secrets.env");
        assertThat(vllm.runScript().mode()).isEqualTo(0644);
        assertThat(vllm.files()).extracting(RenderedFile::fileName).containsExactly("run.sub", ".secrets.env");
    }

    @Test
    void aDryRunWritesTheSecretsFileOwnerOnlyFromCreation() throws IOException {
        vllm.writeTo(tmp.resolve("dry"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("dry/.secrets.env"))))
                .isEqualTo("rw-------");
        assertThat(tmp.resolve("dry/run.sub")).hasContent(vllm.runScriptText());
        assertThatThrownBy(() -> vllm.writeTo(tmp.resolve("dry"))).as("never overwrites")
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    @Test
    void withoutLitOrHostValuesThereIsNoSecretsFileAndNoSourceLine() {
        ScriptSpec spec = GoldenSpecs.multiInstance(GoldenSpecs.CLUSTER_OUTPUT_DIR);
        ScriptSpec noSecrets = ScriptSpec.builder().invocationId(spec.invocationId()).layout(spec.layout())
                .header(spec.header()).deployment(rebuild(spec)).evaluation(spec.evaluation()).chain(spec.chain()).build();
        RenderedTask task = new ScriptRenderer().render(noSecrets);
        assertThat(task.secrets()).isEmpty();
        assertThat(task.redactedSecrets()).isEmpty();
        assertThat(task.runScriptText()).doesNotContain("source \"$_SE_SECRETS\"");
    }

    private static io.jenkins.plugins.slurmevaluate.script.spec.Server rebuild(ScriptSpec spec) {
        var d = spec.deployment().orElseThrow();
        return new io.jenkins.plugins.slurmevaluate.script.spec.Server(d.image(), d.nodes(), d.instances(), d.tasks(),
                d.port(), d.healthPath(), d.readinessTimeoutSeconds(), d.command(), d.preCmd(), d.checkpointPath(),
                d.cachePath(), d.extraMounts(), EnvGroup.of("deployment", Var.runtime("JOB", "SLURM_JOB_ID")), d.proxy());
    }

    @Test
    void aValueUtf8CannotHoldIsRefusedNotMangled() {
        ScriptSpec spec = GoldenSpecs.externalEndpoint(GoldenSpecs.CLUSTER_OUTPUT_DIR);
        ScriptSpec bad = ScriptSpec.builder().invocationId(spec.invocationId()).layout(spec.layout())
                .header(spec.header()).chain(spec.chain())
                .evaluation(io.jenkins.plugins.slurmevaluate.script.spec.Evaluation.builder()
                        .image("img").runConfigYaml("x").env(EnvGroup.of("g", Var.host("KEY", "half \ud800 surrogate")))
                        .build())
                .build();
        assertThatThrownBy(() -> new ScriptRenderer().render(bad)).hasMessageContaining("KEY")
                .hasMessageContaining("unpaired surrogate").hasMessageNotContaining("half");
    }

    @Test
    void toStringNamesTheFileNotItsContent() {
        assertThat(vllm.secrets().orElseThrow().toString()).endsWith(".secrets.env (" + vllm.secrets().get().content().length
                + " bytes, mode 600)").doesNotContain(GoldenSpecs.HF_TOKEN);
    }
}
