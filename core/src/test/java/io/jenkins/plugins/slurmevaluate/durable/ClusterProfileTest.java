package io.jenkins.plugins.slurmevaluate.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.LoadedConfig;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster definition forces where to connect and fills in only the defaults a config leaves open. */
class ClusterProfileTest {

    private static final String CONFIG = """
            defaults:
              - execution: slurm/default
              - deployment: none
              - _self_
            execution:
              account: from-config
            target:
              api_endpoint:
                url: http://model/v1/chat/completions
                model_id: m
            evaluation:
              tasks:
                - name: gsm8k
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of("USER", "someone"));

    @Test
    void hostAndUserAreForcedWhileDefaultsFillOnlyWhatTheConfigLeavesOpen() {
        ClusterProfile dgx = new ClusterProfile("dgx", "login.dgx", 22, "svc-eval", "cluster-acct", "gpu", "/lustre/evals");
        LoadedConfig first = loader.inspect("eval.yaml", CONFIG, List.of());
        assertThat(dgx.overridesFor(first)).containsExactly("execution.hostname='login.dgx'",
                "execution.username='svc-eval'", "execution.partition='gpu'", "execution.output_dir='/lustre/evals'");
    }

    @Test
    void aUserOverrideCountsAsSetByTheUser() {
        ClusterProfile dgx = new ClusterProfile("dgx", "login.dgx", 22, "svc", null, "gpu", null);
        LoadedConfig first = loader.inspect("eval.yaml", CONFIG, List.of("execution.partition=debug"));
        assertThat(dgx.overridesFor(first)).containsExactly("execution.hostname='login.dgx'", "execution.username='svc'");
    }

    @Test
    void theAppliedOverridesMakeTheConfigValidAndTheRefPointsAtTheCluster() throws Exception {
        ClusterProfile dgx = new ClusterProfile("dgx", "login.dgx", 2222, "svc", null, null, "/lustre/it's here");
        LoadedConfig first = loader.inspect("eval.yaml", CONFIG, List.of());
        LoadedConfig applied = loader.inspect("eval.yaml", CONFIG, dgx.overridesFor(first));
        var model = applied.validModel();
        assertThat(model.execution().outputDir()).isEqualTo("/lustre/it's here");
        assertThat(dgx.ref(model)).isEqualTo(new ClusterRef("dgx", "login.dgx", 2222, "svc", false));
    }

    @Test
    void anAdHocHostWithoutUserTakesTheUserFromTheConfig() throws Exception {
        String config = CONFIG.replace("account: from-config", "account: a\n  username: cfg-user\n  output_dir: /o");
        LoadedConfig applied = loader.inspect("eval.yaml", config, ClusterProfile.adHoc("h", 22, null)
                .overridesFor(loader.inspect("eval.yaml", config, List.of())));
        assertThat(ClusterProfile.adHoc("h", 22, null).ref(applied.validModel()))
                .isEqualTo(new ClusterRef(null, "h", 22, "cfg-user", false));
    }

    @Test
    void theConfigsLoginNodeIsReadAfterItsOverridesSoAClusterCanBeFoundByIt() throws Exception {
        String testbed = java.nio.file.Files.readString(java.nio.file.Path.of("..", "examples", "testbed.yaml"));
        EvaluationRequest plain = EvaluationRequest.builder().configText(testbed).build();
        assertThat(ClusterProfile.configuredHostname(plain, Map.of())).isEqualTo("slurm-testbed");
        EvaluationRequest overridden = plain.toBuilder().overrides(List.of("execution.hostname=login.dgx")).build();
        assertThat(ClusterProfile.configuredHostname(overridden, Map.of())).isEqualTo("login.dgx");
        EvaluationRequest none = EvaluationRequest.builder().configText(CONFIG).build();
        assertThat(ClusterProfile.configuredHostname(none, Map.of())).isNull();
        EvaluationRequest broken = EvaluationRequest.builder().configText("execution: [unclosed").build();
        assertThat(ClusterProfile.configuredHostname(broken, Map.of())).isNull();
    }
}
