package io.jenkins.plugins.slurmevaluate.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvGroupsTest {

    private static final Origin AT = Origin.file("eval.yaml", 1, 1);
    private static final SecretSource SECRETS = SecretSource.of(Map.of("HF_TOKEN", "hf_secret_token",
            "NGC_API_KEY", "nvapi-1", "EMPTY", ""), "the test map");

    private static Map<String, EnvValue> layer(String path, String... nameAndRaw) {
        Map<String, EnvValue> out = new LinkedHashMap<>();
        for (int i = 0; i < nameAndRaw.length; i += 2) {
            out.put(nameAndRaw[i], EnvValue.parse(nameAndRaw[i + 1], path + "." + nameAndRaw[i], AT));
        }
        return out;
    }

    @Test
    void laterLayersWinTopThenEvaluationThenTask() {
        EnvGroup g = EnvGroups.resolve("mmlu.0", List.of(
                layer("env_vars", "A", "lit:top", "B", "lit:top", "C", "lit:top"),
                layer("evaluation.env_vars", "B", "lit:evaluation", "C", "lit:evaluation"),
                layer("evaluation.tasks[0].env_vars", "C", "lit:task")), null, null, null, SECRETS);
        assertThat(g.vars().get("A").value().reveal()).isEqualTo("top");
        assertThat(g.vars().get("B").value().reveal()).isEqualTo("evaluation");
        assertThat(g.vars().get("C").value().reveal()).isEqualTo("task");
        assertThat(g.vars().keySet()).containsExactly("A", "B", "C");
    }

    @Test
    void apiKeyNameIsAddedAsAHostVariableWhenNotDeclared() {
        EnvGroup g = EnvGroups.resolve("t.0", List.of(layer("env_vars", "A", "lit:a")), "NGC_API_KEY",
                "target.api_endpoint.api_key_name", AT, SECRETS);
        assertThat(g.vars().get("NGC_API_KEY").spec().kind()).isEqualTo(EnvValue.Kind.HOST);
        assertThat(g.vars().get("NGC_API_KEY").value().reveal()).isEqualTo("nvapi-1");
    }

    @Test
    void aDeclaredApiKeyNameKeepsItsDeclaration() {
        EnvGroup g = EnvGroups.resolve("t.0", List.of(layer("env_vars", "NGC_API_KEY", "lit:fixed")), "NGC_API_KEY",
                "target.api_endpoint.api_key_name", AT, SECRETS);
        assertThat(g.vars().get("NGC_API_KEY").value().reveal()).isEqualTo("fixed");
    }

    @Test
    void missingHostVariablesAreCollectedNotThrown() {
        EnvGroup g = EnvGroups.resolve("deployment", List.of(layer("deployment.env_vars", "X", "host:NOT_SET",
                "Y", "host:EMPTY")), null, null, null, SECRETS);
        assertThat(g.missing()).extracting(EnvValue::text).containsExactly("NOT_SET");
        assertThat(g.vars().get("Y").value().reveal()).isEmpty(); // an empty value is a set value
        assertThat(EnvGroups.missingMessage(g.missing().get(0), SECRETS)).isEqualTo("host variable NOT_SET is not set "
                + "(referenced by deployment.env_vars.X as 'host:NOT_SET'); looked in the test map; set it there");
    }

    @Test
    void runtimeVariablesHaveNoValueAndPrintAsShellReferences() {
        EnvGroup g = EnvGroups.resolve("export", List.of(layer("export.env_vars", "JOB", "runtime:SLURM_JOB_ID")),
                null, null, null, SECRETS);
        assertThat(g.vars().get("JOB").value()).isNull();
        assertThat(g.vars().get("JOB").display()).isEqualTo("${SLURM_JOB_ID} (runtime)");
    }

    @Test
    void hostValuesNeverPrint() {
        EnvGroup g = EnvGroups.resolve("t.0", List.of(layer("env_vars", "HF_TOKEN", "host:HF_TOKEN")), null, null,
                null, SECRETS);
        EnvGroup.Var v = g.vars().get("HF_TOKEN");
        assertThat(v.display()).doesNotContain("hf_secret_token").doesNotContain("oken");
        assertThat(v.toString()).doesNotContain("hf_secret_token");
        assertThat(g.toString()).doesNotContain("hf_secret_token");
        assertThat(String.valueOf(v.value())).isEqualTo("***");
    }

    @Test
    void secretValuesCompareByValue() {
        assertThat(SecretValue.of("a")).isEqualTo(SecretValue.of("a")).isNotEqualTo(SecretValue.of("b"));
    }
}
