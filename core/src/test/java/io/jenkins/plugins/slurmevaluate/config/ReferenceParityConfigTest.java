package io.jenkins.plugins.slurmevaluate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configs the reference launcher accepts, and what slurm-evaluate makes of them (issue 12, item 4). */
class ReferenceParityConfigTest {

    private static final String VALID = ConfigLoaderTest.VALID;

    private final ConfigLoader loader = new ConfigLoader(Map.of("USER", "alice", "HOME", "/home/alice"));

    private LoadedConfig load(String text, String... overrides) {
        return loader.inspect("eval.yaml", text, List.of(overrides));
    }

    /** The warnings about deployment keys (the username warning is not this test's business). */
    private static List<String> deploymentWarnings(LoadedConfig c) {
        return c.warnings().stream().filter(w -> w.startsWith("deployment.")).toList();
    }

    private List<String> problems(String text, String... overrides) {
        return load(text, overrides).problems().stream().map(ConfigProblem::toString).toList();
    }

    private static String exec(String lines) {
        return VALID.replace("  output_dir: /lustre/evals\n", "  output_dir: /lustre/evals\n" + lines);
    }

    private static String dep(String lines) {
        return VALID.replace("  served_model_name: model\n", "  served_model_name: model\n" + lines);
    }

    @Test
    void anUnknownDeploymentKeyIsAcceptedWithAWarningThatSuggestsTheNearestKey() throws Exception {
        LoadedConfig c = load(dep("  data_parallel_size_local: 8\n"));
        assertThat(c.problems()).isEmpty();
        assertThat(deploymentWarnings(c)).singleElement().asString().isEqualTo("deployment.data_parallel_size_local at "
                + "eval.yaml:13:3: is not used: no setting reads it and the command does not refer to "
                + "${deployment.data_parallel_size_local}; nearest known key: 'data_parallel_size'");
        assertThat(deploymentWarnings(load(dep("  tensor_paralel_size: 4\n")))).singleElement().asString()
                .endsWith("; did you mean 'tensor_parallel_size'?");
    }

    @Test
    void aDeploymentKeyThatTheCommandRefersToIsUsedAndNotWarnedAbout() throws Exception {
        LoadedConfig c = load(dep("  data_parallel_size_local: 8\n  command: vllm serve org/model "
                + "--data-parallel-size-local ${deployment.data_parallel_size_local}\n"));
        assertThat(c.problems()).isEmpty();
        assertThat(deploymentWarnings(c)).isEmpty();
        assertThat(c.validModel().deployment().command()).endsWith("--data-parallel-size-local 8");
    }

    @Test
    void aKeyThatBelongsToExecutionIsStillRefusedUnderDeployment() {
        assertThat(problems(dep("  num_nodes: 2\n"))).singleElement().asString().startsWith(
                "deployment.num_nodes at eval.yaml:13:3: has no effect here: the deployment's nodes are "
                        + "execution.num_nodes");
    }

    @Test
    void extraKeysOnDeploymentNoneAreWarningsNotErrors() throws Exception {
        String text = VALID.replace("deployment: vllm", "deployment: none").replace("""
                deployment:
                  checkpoint_path: null
                  hf_model_handle: org/model
                  served_model_name: model
                """, """
                deployment:
                  served_model_name: model
                target:
                  api_endpoint:
                    url: http://host:8000/v1/chat/completions
                    model_id: model
                """);
        LoadedConfig c = load(text);
        assertThat(c.problems()).isEmpty();
        assertThat(deploymentWarnings(c)).singleElement().asString()
                .isEqualTo("deployment.served_model_name at eval.yaml:10:3: is not used: deployment.type is none, "
                        + "so no server is started");
    }

    @Test
    void vllmWithItsOwnCommandNeedsNeitherCheckpointNorHandle() throws Exception {
        EvalConfig c = load(VALID.replace("  hf_model_handle: org/model\n", "  command: vllm serve org/own --port 8000\n"))
                .validModel();
        assertThat(c.deployment().command()).isEqualTo("vllm serve org/own --port 8000");
        assertThat(c.deployment().checkpointPath()).isNull();
        assertThat(c.deployment().hfModelHandle()).isNull();
    }

    @Test
    void aCommandThatServesCheckpointStillNeedsCheckpointPath() {
        assertThat(problems(VALID.replace("  hf_model_handle: org/model\n", ""))).singleElement().asString()
                .contains("deployment.checkpoint_path").contains("set checkpoint_path");
        assertThat(problems(VALID.replace("  hf_model_handle: org/model\n", "  command: vllm serve /checkpoint\n")))
                .singleElement().asString().contains("deployment.checkpoint_path");
    }

    @Test
    void anEmptyCommentInExtraFlagsMeansNoComment() throws Exception {
        EvalConfig c = load(exec("  sbatch_extra_flags:\n    comment: \"\"\n")).validModel();
        assertThat(c.execution().sbatchComment()).isNull();
        assertThat(c.execution().emittedSbatchFlags()).containsExactly(List.of("exclusive"));
    }

    @Test
    void aCommentInExtraFlagsIsTheJobComment() throws Exception {
        EvalConfig c = load(exec("  sbatch_extra_flags:\n    comment: nightly\n")).validModel();
        assertThat(c.execution().sbatchComment()).isEqualTo("nightly");
        assertThat(c.execution().emittedSbatchFlags()).containsExactly(List.of("exclusive"));
        assertThat(problems(exec("  sbatch_comment: a\n  sbatch_extra_flags:\n    comment: b\n"))).singleElement()
                .asString().contains("execution.sbatch_extra_flags.comment").contains("sbatch_comment");
    }

    @Test
    void requeueAndDependencyAreRefusedWithTheReason() {
        assertThat(problems(exec("  sbatch_extra_flags:\n    requeue: true\n"))).singleElement().asString()
                .isEqualTo("execution.sbatch_extra_flags.requeue at eval.yaml:10:14: --requeue would let Slurm run "
                        + "a link again under the same job id, which breaks the resume chain (every link is a new "
                        + "job that decides from its predecessor's final state, docs/chain-protocol.md); the chain "
                        + "already resumes after TIMEOUT, PREEMPTED and NODE_FAIL");
        assertThat(problems(exec("  sbatch_extra_flags:\n    dependency: afterok:12\n"))).singleElement().asString()
                .contains("--dependency is how each link queues its successor (afternotok:<its job id>)");
    }

    @Test
    void severalNimInstancesAreHealthCheckedOnNimsOwnPath() throws Exception {
        String text = VALID.replace("deployment: vllm", "deployment: nim").replace("""
                  checkpoint_path: null
                  hf_model_handle: org/model
                """, "  image: nvcr.io/nim/x:1\n").replace("  output_dir: /lustre/evals\n",
                "  output_dir: /lustre/evals\n  num_nodes: 2\n  num_instances: 2\n");
        EvalConfig c = load(text).validModel();
        assertThat(c.execution().proxy().healthCheckPath()).isNull();
        assertThat(c.execution().proxyHealthPath(c.deployment())).isEqualTo("/v1/health/ready");
        assertThat(load(text, "execution.proxy.config.health_check_path=/ping").validModel().execution()
                .proxyHealthPath(c.deployment())).isEqualTo("/ping");
    }

    @Test
    void aRelativeMountSourceIsADirectoryUnderOutputDir() throws Exception {
        EvalConfig c = load(exec("  mounts:\n    evaluation:\n      ./hf_cache: /root/.cache/huggingface\n"
                + "    deployment:\n      cache/../models: /models\n")).validModel();
        assertThat(c.execution().mounts().evaluation()).containsEntry("/lustre/evals/hf_cache", "/root/.cache/huggingface");
        assertThat(c.execution().mounts().deployment()).containsEntry("/lustre/evals/models", "/models");
        assertThat(c.execution().mounts().created()).containsExactly("/lustre/evals/models", "/lustre/evals/hf_cache");
    }

    // ---- the chain budget (item 3) -------------------------------------------------------------------------

    @Test
    void theLinkCapIsDerivedFromMaxWalltimeSoItNeverEndsAHealthyChainFirst() throws Exception {
        EvalConfig c = load(exec("  walltime: \"00:01:00\"\n  max_walltime: \"00:20:00\"\n")).validModel();
        assertThat(c.execution().maxChainLinks()).isNull();
        assertThat(c.execution().chainLinkCap()).hasValue(50); // 2 x 20 full links + 10
        assertThat(c.execution().chainLinkCapText())
                .isEqualTo("50 (derived: 2 x ceil(max_walltime 00:20:00 / walltime 00:01:00) + 10)");
        EvalConfig halfHour = load(exec("  walltime: \"00:30:00\"\n")).validModel();
        assertThat(halfHour.execution().chainLinkCap()).hasValue(490); // 120 h: 240 full links
    }

    @Test
    void anExplicitMaxChainLinksIsHonoured() throws Exception {
        EvalConfig c = load(exec("  walltime: \"00:01:00\"\n  max_chain_links: 7\n")).validModel();
        assertThat(c.execution().chainLinkCap()).hasValue(7);
        assertThat(c.execution().chainLinkCapText()).isEqualTo("7 (max_chain_links)");
    }

    @Test
    void anExplicitCapThatEndsTheChainBeforeMaxWalltimeIsWarnedAbout() throws Exception {
        LoadedConfig c = load(exec("  walltime: \"00:30:00\"\n  max_chain_links: 20\n"));
        assertThat(c.problems()).isEmpty();
        assertThat(c.warnings()).contains("execution.max_chain_links (20) ends a chain of 00:30:00 links after 10.0 h "
                + "at most, before max_walltime (120:00:00); leave it null for a cap derived from max_walltime / walltime");
        assertThat(load(exec("  walltime: \"06:00:00\"\n  max_chain_links: 20\n")).warnings())
                .noneMatch(w -> w.contains("max_chain_links"));
    }

    @Test
    void withoutMaxWalltimeThereIsNoLinkCapOnlyTheStallGuard() throws Exception {
        EvalConfig c = load(exec("  max_walltime: null\n")).validModel();
        assertThat(c.execution().chainLinkCap()).isEmpty();
        assertThat(c.execution().chainLinkCapText()).startsWith("none (max_walltime is null");
    }

    @Test
    void aConfigWithoutTheMaxWalltimeKeyGetsTheReferences120Hours() throws Exception {
        EvalConfig c = load(VALID, "~execution.max_walltime").validModel();
        assertThat(c.execution().maxWalltime().text()).isEqualTo("120:00:00");
        assertThat(c.execution().chainLinkCap()).hasValue(250);
    }
}
