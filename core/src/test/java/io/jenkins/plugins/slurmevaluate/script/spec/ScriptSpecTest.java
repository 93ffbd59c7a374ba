package io.jenkins.plugins.slurmevaluate.script.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup.Var;
import io.jenkins.plugins.slurmevaluate.script.spec.SbatchHeader.Flag;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A spec that exists can be rendered; every refusal names the field at fault. */
class ScriptSpecTest {

    private static SbatchHeader.Builder header() {
        return SbatchHeader.builder().time("01:00:00").account("acct").partition("batch").jobName("job");
    }

    private static Server.Builder server() {
        return Server.builder().image("img").command("serve").env(EnvGroup.of("deployment"));
    }

    private static Evaluation.Builder evaluation() {
        return Evaluation.builder().image("img").runConfigYaml("config: {}\n").env(EnvGroup.of("task.0"));
    }

    private static ScriptSpec.Builder spec() {
        return ScriptSpec.builder().invocationId("0123456789abcdef")
                .layout(TaskLayout.of("/o", "run", "task", 0)).header(header().build())
                .evaluation(evaluation().build()).chain(new ScriptSpec.Chain(3, OptionalLong.empty()));
    }

    @Test
    void aNewlineCannotEndAnSbatchDirective() {
        assertThatThrownBy(() -> header().comment("nightly\n#SBATCH --partition=other").build())
                .hasMessageContaining("sbatch_comment contains a control character (U+000A)");
        assertThatThrownBy(() -> header().flag(Flag.of("constraint", "a\rb")).build())
                .hasMessageContaining("--constraint");
        assertThatThrownBy(() -> header().jobName("job\n").build()).hasMessageContaining("job name");
    }

    @Test
    void flagsTheChainOwnsAreRefused() {
        assertThatThrownBy(() -> Flag.of("output", "/tmp/x")).hasMessageContaining("cannot set --output");
        assertThatThrownBy(() -> Flag.bare("requeue")).hasMessageContaining("it resumes with new jobs");
        assertThatThrownBy(() -> Flag.of("job-name", "x")).hasMessageContaining("submit token");
        assertThatThrownBy(() -> Flag.of("time", "5")).hasMessageContaining("time limit");
        assertThatThrownBy(() -> Flag.bare("x")).hasMessageContaining("long option");
        assertThatThrownBy(() -> Flag.bare("--exclusive")).hasMessageContaining("without the leading dashes");
    }

    @Test
    void walltimeMustBeASlurmTimeAndALimit() {
        assertThatThrownBy(() -> header().time("14400s").build()).hasMessageContaining("not a Slurm time");
        assertThatThrownBy(() -> header().time("0").build()).hasMessageContaining("means no time limit");
        assertThat(header().time("1-00:00").build().timeLimitSeconds()).isEqualTo(86400);
    }

    @Test
    void nulIsRefusedWhereverItWouldReachAShell() {
        assertThatThrownBy(() -> server().command("serve\0").build()).hasMessageContaining("server command contains a NUL");
        assertThatThrownBy(() -> Var.host("TOKEN", "a\0b")).hasMessageContaining("value of environment variable TOKEN");
        assertThatThrownBy(() -> evaluation().preCmd("\0").build()).hasMessageContaining("evaluation pre_cmd");
    }

    @Test
    void mountsAreAbsoluteAndCannotBreakThePyxisList() {
        assertThatThrownBy(() -> Mount.of("hf_cache", "/root/.cache")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> Mount.of("/a,/b", "/c")).hasMessageContaining("',' or ':'");
        assertThatThrownBy(() -> Mount.of("/a", "/b:rw")).hasMessageContaining("',' or ':'");
        assertThatThrownBy(() -> new Mount("/a", "/b", java.util.Optional.of("ro,x"))).hasMessageContaining("Pyxis flags");
        assertThat(Mount.readOnly("/a b", "/b").spec()).isEqualTo("/a b:/b:ro");
    }

    @Test
    void instancesMustDivideNodesAndTasks() {
        assertThatThrownBy(() -> server().nodes(3).instances(2).build()).hasMessageContaining("must divide its nodes (3)");
        assertThatThrownBy(() -> server().nodes(2).instances(2).tasks(3).build()).hasMessageContaining("tasks (3)");
        assertThatThrownBy(() -> server().nodes(2).instances(2).build()).hasMessageContaining("need a proxy");
    }

    @Test
    void theJobsNodesAreTheDeploymentsPlusTheAuxiliaries() {
        assertThatThrownBy(() -> spec().header(header().nodes(3).build()).deployment(server().nodes(2).build()).build())
                .hasMessageContaining("the job's nodes (3) must be the deployment's (2) plus the auxiliary deployments' (0)");
        Auxiliary judge = new Auxiliary("judge", "JUDGE", server().env(EnvGroup.of("judge")).build(), "j", Map.of());
        assertThatThrownBy(() -> spec().auxiliary(judge).build()).hasMessageContaining("leave none for the evaluation");
    }

    @Test
    void envNamesThatSrunOrTheScriptOwnAreRefused() {
        assertThatThrownBy(() -> spec().evaluation(evaluation().env(EnvGroup.of("task.0", Var.lit("PATH", "/x"))).build())
                .build()).hasMessageContaining("cannot set PATH");
        assertThatThrownBy(() -> spec().deployment(server().env(EnvGroup.of("deployment", Var.lit("MASTER_IP", "x")))
                .build()).build()).hasMessageContaining("cannot set MASTER_IP");
        assertThatThrownBy(() -> spec().evaluation(evaluation().env(EnvGroup.of("task.0",
                Var.runtime("SLURM_NTASKS", "X"))).build()).build()).hasMessageContaining("cannot set SLURM_NTASKS");
        Auxiliary judge = new Auxiliary("judge", "JUDGE", server().env(EnvGroup.of("judge")).build(), "j",
                Map.of("chat", "/v1/chat/completions"));
        assertThatThrownBy(() -> spec().header(header().nodes(2).build()).auxiliary(judge)
                .evaluation(evaluation().env(EnvGroup.of("task.0", Var.lit("JUDGE_CHAT_URL", "x"))).build()).build())
                .hasMessageContaining("cannot set JUDGE_CHAT_URL");
        assertThatThrownBy(() -> Var.lit("1ABC", "x")).hasMessageContaining("not a valid environment variable name");
        assertThatThrownBy(() -> EnvGroup.of("g", Var.lit("A", "1"), Var.host("A", "2"))).hasMessageContaining("twice");
    }

    @Test
    void auxiliaryNamesAndPrefixesAreUniqueAndSafe() {
        Server s = server().env(EnvGroup.of("a")).build();
        assertThatThrownBy(() -> new Auxiliary("../judge", "JUDGE", s, "j", Map.of())).hasMessageContaining("log files");
        assertThatThrownBy(() -> new Auxiliary("judge", "MODEL", s, "j", Map.of())).hasMessageContaining("other than");
        Auxiliary a = new Auxiliary("a", "JUDGE", s, "j", Map.of());
        Auxiliary b = new Auxiliary("b", "JUDGE", server().env(EnvGroup.of("b")).build(), "j", Map.of());
        assertThatThrownBy(() -> spec().header(header().nodes(3).build()).auxiliary(a).auxiliary(b).build())
                .hasMessageContaining("must be unique");
    }

    @Test
    void proxiesCannotShareAPortOnTheFirstNode() {
        Server twoInstances = server().nodes(2).instances(2)
                .proxy(new Server.Proxy("haproxy", 8000, "/health", 200)).build();
        assertThatThrownBy(() -> spec().header(header().nodes(2).build()).deployment(twoInstances).build())
                .hasMessageContaining("proxy port 8000 is already used");
    }

    @Test
    void hostValuesNeverShowInToString() {
        assertThat(Var.host("HF_TOKEN", "hf_secret").toString()).isEqualTo("HF_TOKEN=***").doesNotContain("hf_secret");
        assertThat(EnvGroup.of("g", Var.host("T", "s3cr3t")).toString()).doesNotContain("s3cr3t");
        assertThat(Var.lit("HF_HOME", "/x").toString()).isEqualTo("HF_HOME=lit:/x");
    }

    @Test
    void budgetsArePositive() {
        assertThatThrownBy(() -> new ScriptSpec.Chain(0, OptionalLong.empty())).hasMessageContaining("max_chain_links");
        assertThatThrownBy(() -> new ScriptSpec.Chain(1, OptionalLong.of(0))).hasMessageContaining("max_walltime");
    }

    @Test
    void theInvocationIdIsSixteenLowercaseHexDigits() {
        assertThatThrownBy(() -> spec().invocationId("0123456789ABCDEF").build()).hasMessageContaining("16 lowercase hex");
    }
}
