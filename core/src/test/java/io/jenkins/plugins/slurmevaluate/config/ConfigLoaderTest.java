package io.jenkins.plugins.slurmevaluate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    static final String VALID = """
            defaults:
              - execution: slurm/default
              - deployment: vllm
              - _self_
            execution:
              hostname: login.example.com
              account: acct
              output_dir: /lustre/evals
            deployment:
              checkpoint_path: null
              hf_model_handle: org/model
              served_model_name: model
            evaluation:
              tasks:
                - name: hellaswag
                - name: arc_challenge
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of("USER", "alice", "HOME", "/home/alice"));

    private LoadedConfig load(String text, String... overrides) {
        return loader.inspect("eval.yaml", text, List.of(overrides));
    }

    private EvalConfig valid(String text, String... overrides) throws ConfigException {
        return load(text, overrides).validModel();
    }

    private List<String> problems(String text, String... overrides) {
        return load(text, overrides).problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void bundledDefaultsFillWhatTheUserLeavesOut() throws Exception {
        EvalConfig c = valid(VALID);
        assertThat(c.execution().partition()).isEqualTo("batch");
        assertThat(c.execution().walltime().text()).isEqualTo("01:00:00");
        assertThat(c.execution().maxWalltime().text()).isEqualTo("120:00:00");
        assertThat(c.execution().maxChainLinks()).isNull();
        assertThat(c.execution().chainLinkCap()).hasValue(250);
        assertThat(c.execution().mpi().value()).isEqualTo("pmix");
        assertThat(c.execution().sbatchExtraFlags()).containsEntry("exclusive", true);
        assertThat(c.execution().username()).isEqualTo("alice");
        assertThat(c.execution().usernameFromEnvironment()).isTrue();
        assertThat(c.execution().deploymentNTasks()).isEqualTo(1);
        assertThat(c.deployment().port()).isEqualTo(8000);
        assertThat(c.deployment().endpoints()).containsEntry("completions", "/v1/completions");
    }

    @Test
    void defaultInterpolationsSeeTheUsersValues() throws Exception {
        EvalConfig c = valid(VALID + "  \n", "deployment.port=9000", "deployment.tensor_parallel_size=2",
                "execution.num_nodes=4");
        assertThat(c.deployment().command()).startsWith("vllm serve org/model --tensor-parallel-size=2")
                .contains("--port 9000").contains("--served-model-name model");
        assertThat(c.execution().deploymentNTasks()).isEqualTo(4);
    }

    @Test
    void selectNotNullFallsBackWhenTheKeyIsNull() throws Exception {
        EvalConfig c = valid(VALID.replace("hf_model_handle: org/model", "hf_model_handle: null")
                .replace("checkpoint_path: null", "checkpoint_path: /ckpt"));
        assertThat(c.deployment().command()).startsWith("vllm serve /checkpoint ");
    }

    @Test
    void vllmRayComposesVllmUnderneath() throws Exception {
        EvalConfig c = valid(VALID.replace("deployment: vllm", "deployment: vllm_ray"));
        assertThat(c.deployment().type()).isEqualTo("vllm");
        assertThat(c.deployment().command()).contains("ray start --head")
                .contains("vllm serve org/model").contains("--distributed-executor-backend ray");
        assertThat(c.deployment().envVars()).containsKey("VLLM_ENGINE_READY_TIMEOUT_S");
    }

    @Test
    void aGroupPlacedWithPackageInterpolatesItsOwnValues() throws Exception {
        String text = VALID.replace("  - _self_", "  - deployment/vllm@auxiliary_deployments.judge\n  - _self_") + """
                auxiliary_deployments:
                  judge:
                    checkpoint_path: null
                    hf_model_handle: org/judge
                    served_model_name: judge
                    port: 8001
                """;
        EvalConfig c = valid(text);
        var judge = c.auxiliaryDeployments().get(0);
        assertThat(judge.envPrefix()).isEqualTo("JUDGE");
        assertThat(judge.server().command()).startsWith("vllm serve org/judge").contains("--port 8001")
                .contains("--served-model-name judge");
        assertThat(c.deployment().command()).contains("--port 8000").contains("org/model");
    }

    @Test
    void anAuxiliaryDeploymentMayNotTakeTheNameOfAnotherEnvGroup() {
        String text = VALID.replace("  - _self_", "  - deployment/vllm@auxiliary_deployments.export\n  - _self_") + """
                auxiliary_deployments:
                  export:
                    checkpoint_path: null
                    hf_model_handle: org/judge
                    served_model_name: judge
                    port: 8001
                """;
        assertThat(problems(text)).singleElement().asString().startsWith("auxiliary_deployments.export at eval.yaml:")
                .contains("is taken by the export env group");
    }

    @Test
    void aGroupChoiceOverrideSwapsTheOption() throws Exception {
        EvalConfig c = valid(VALID, "deployment=sglang");
        assertThat(c.deployment().type()).isEqualTo("sglang");
        assertThat(c.deployment().command()).startsWith("python3 -m sglang.launch_server --model-path org/model");
    }

    @Test
    void overrideKindsFollowHydra() throws Exception {
        assertThat(valid(VALID, "+deployment.extra_args2=x", "~deployment.extra_args2").deployment().settings())
                .doesNotContainKey("extra_args2");
        assertThat(valid(VALID, "++evaluation.nemo_evaluator_config.config.params.limit_samples=10")
                .evaluation().nemoEvaluatorConfig()).isEqualTo(Map.of("config", Map.of("params", Map.of("limit_samples", 10L))));
        assertThat(problems(VALID, "execution.nope=1")).singleElement().asString()
                .isEqualTo("execution.nope at <override -o execution.nope=1>: there is no key execution.nope to "
                        + "override; to add it write +execution.nope=..., or ++execution.nope=... to add or replace");
        assertThat(problems(VALID, "+execution.account=x")).singleElement().asString()
                .contains("there is already a value at execution.account");
        assertThat(problems(VALID, "~execution.nothing")).singleElement().asString()
                .contains("cannot delete execution.nothing: there is no such key");
    }

    @Test
    void overrideValuesAreReadLikeHydra() throws Exception {
        EvalConfig c = valid(VALID, "execution.walltime=4:00:00", "execution.sbatch_extra_flags={exclusive: false, "
                + "constraint: 'h100|a100'}", "execution.sbatch_comment=it's \"quoted\"", "execution.account='  spaced '");
        assertThat(c.execution().walltime().text()).isEqualTo("4:00:00");
        assertThat(c.execution().sbatchExtraFlags()).containsEntry("exclusive", false)
                .containsEntry("constraint", "h100|a100");
        assertThat(c.execution().sbatchComment()).isEqualTo("it's \"quoted\"");
        assertThat(c.execution().account()).isEqualTo("  spaced ");
    }

    @Test
    void taskNameSugarFindsTheTaskByExactNameOrSuffix() throws Exception {
        String text = VALID.replace("- name: hellaswag", "- name: lm-evaluation-harness.ifeval");
        EvalConfig c = valid(text, "evaluation.tasks.ifeval.container=my/image:1",
                "evaluation.tasks.arc_challenge.nemo_evaluator_config.config.params.parallelism=64");
        assertThat(c.evaluation().tasks().get(0).container()).isEqualTo("my/image:1");
        assertThat(c.evaluation().tasks().get(1).nemoEvaluatorConfig()).isEqualTo(
                Map.of("config", Map.of("params", Map.of("parallelism", 64L))));
    }

    @Test
    void taskNameSugarRefusesDuplicatesAndUnknownNames() {
        String text = VALID.replace("- name: arc_challenge", "- name: hellaswag");
        assertThat(problems(text, "evaluation.tasks.hellaswag.container=x")).singleElement().asString()
                .contains("task 'hellaswag' appears 2 times (at indices [0, 1]); use the index instead");
        assertThat(problems(VALID, "evaluation.tasks.nope.container=x")).singleElement().asString()
                .contains("no task named 'nope' in evaluation.tasks; tasks: hellaswag, arc_challenge");
    }

    @Test
    void interpolationForms() throws Exception {
        String text = VALID.replace("served_model_name: model", """
                served_model_name: ${.hf_model_handle}-served
                  pre_cmd: echo ${oc.env:HOME} ${oc.env:NOPE,fallback} \\${literal} ${execution.account}""");
        EvalConfig c = valid(text);
        assertThat(c.deployment().servedModelName()).isEqualTo("org/model-served");
        assertThat(c.deployment().preCmd()).isEqualTo("echo /home/alice fallback ${literal} acct");
    }

    @Test
    void aWholeValueInterpolationKeepsItsType() throws Exception {
        EvalConfig c = valid(VALID.replace("account: acct", "account: acct\n  num_instances: ${execution.num_nodes}"));
        assertThat(c.execution().numInstances()).isEqualTo(1);
    }

    @Test
    void everyMissingMarkerIsReportedWithWhereItCameFrom() {
        String text = VALID.replace("hostname: login.example.com", "hostname: ???")
                .replace("  account: acct\n", "")
                .replace("served_model_name: model", "served_model_name: ???");
        assertThat(problems(text)).containsExactly(
                "execution.hostname at eval.yaml:6:13: required value is missing (??? in eval.yaml); set "
                        + "execution.hostname in your config or pass -o execution.hostname=VALUE",
                "deployment.served_model_name at eval.yaml:11:22: required value is missing (??? in eval.yaml); "
                        + "set deployment.served_model_name in your config or pass -o deployment.served_model_name=VALUE",
                "execution.account at <bundled execution/slurm/default.yaml>:7:10: required value is missing (??? "
                        + "in the bundled config group execution/slurm/default.yaml); set execution.account in your "
                        + "config or pass -o execution.account=VALUE");
    }

    @Test
    void unquotedWalltimeIsRefusedNotReadAsMinutes() {
        assertThat(problems(VALID.replace("account: acct", "account: acct\n  walltime: 4:00:00")))
                .containsExactly("execution.walltime at eval.yaml:8:13: unquoted 4:00:00 is read by YAML 1.1 as the "
                        + "base-60 integer 14400; write it quoted: walltime: \"4:00:00\"");
    }

    @Test
    void leadingZeroTimesAndBareMinutesAreFine() throws Exception {
        assertThat(valid(VALID.replace("account: acct", "account: acct\n  walltime: 01:00:00")).execution().walltime()
                .seconds()).isEqualTo(3600);
        assertThat(valid(VALID.replace("account: acct", "account: acct\n  walltime: 30")).execution().walltime()
                .text()).isEqualTo("30");
    }

    @Test
    void duplicateKeysAreErrorsAtTheSecondKey() {
        assertThat(problems(VALID.replace("account: acct", "account: acct\n  account: other")))
                .containsExactly("execution.account at eval.yaml:8:3: duplicate key 'account' (first written at line 7); "
                        + "delete one of them");
    }

    @Test
    void arbitraryTagsAreRefused() {
        assertThat(problems(VALID.replace("account: acct", "account: !!javax.script.ScriptEngineManager acct")))
                .singleElement().asString().contains("eval.yaml:7:12").contains("not allowed");
        assertThat(problems(VALID.replace("account: acct", "account: !custom acct")))
                .singleElement().asString().contains("YAML tag !custom is not allowed");
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder b = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1)
                    .append(", *a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        assertThat(problems(b.toString())).anySatisfy(p -> assertThat(p).containsAnyOf("more than 100000 values",
                "Number of aliases"));
    }

    @Test
    void mergeKeysWork() throws Exception {
        String text = VALID.replace("execution:\n", "x-common: &common\n  partition: short\nexecution:\n  <<: *common\n")
                .replace("defaults:", "defaults:");
        assertThat(load(text).problems()).extracting(ConfigProblem::keyPath).containsExactly("x-common");
    }

    @Test
    void allProblemsAreListedAtOnceSortedByPosition() {
        String text = VALID.replace("output_dir: /lustre/evals", "output_dir: lustre/evals\n  wallltime: \"1\"")
                .replace("served_model_name: model", "served_model_name: model\n  num_nodes: 2");
        assertThat(problems(text, "execution.num_nodes=0")).containsExactly(
                "execution.output_dir at eval.yaml:8:15: 'lustre/evals' must be an absolute path (starting with /) "
                        + "on a file system the compute nodes share; a relative path would depend on the ssh login directory",
                "execution.wallltime at eval.yaml:9:3: unknown key 'wallltime'; did you mean 'walltime'?",
                "deployment.num_nodes at eval.yaml:14:3: has no effect here: the deployment's nodes are "
                        + "execution.num_nodes, its instances execution.num_instances and its srun tasks "
                        + "execution.deployment.n_tasks",
                "execution.num_nodes at <override -o execution.num_nodes=0>: must be at least 1, not 0");
    }

    @Test
    void escapedInterpolationStaysLiteral() throws Exception {
        EvalConfig c = valid(VALID.replace("served_model_name: model", "served_model_name: '\\${not.a.ref}'"));
        assertThat(c.deployment().servedModelName()).isEqualTo("${not.a.ref}");
    }

    @Test
    void envVarsAreNotInterpolated() {
        LoadedConfig c = load(VALID + "env_vars:\n  A: ${oc.env:HOME}\n");
        assertThat(c.problems()).singleElement().asString()
                .contains("env_vars.A at eval.yaml:18:6: resolver syntax '${oc.env:HOME}' is not allowed in env_vars");
        MapNode env = (MapNode) c.tree().get("env_vars");
        assertThat(((ScalarNode) env.get("A")).text()).isEqualTo("${oc.env:HOME}");
    }

    @Test
    void theDryRunYamlQuotesStringsThatLookLikeOtherTypes() throws Exception {
        String yaml = load(VALID.replace("account: acct", "account: '0123'")).toYaml();
        assertThat(yaml).contains("account: '0123'").contains("max_walltime: '120:00:00'");
    }

    @Test
    void anOverrideEntryInTheDefaultsListReplacesTheChoice() throws Exception {
        EvalConfig c = valid(VALID.replace("  - _self_", "  - override deployment: sglang\n  - _self_"));
        assertThat(c.deployment().type()).isEqualTo("sglang");
    }

    @Test
    void selfIsMergedLastWhereverItIsWritten() throws Exception {
        EvalConfig c = valid(VALID.replace("  - _self_\n", "").replace("defaults:\n", "defaults:\n  - _self_\n"));
        assertThat(c.deployment().servedModelName()).isEqualTo("model");
    }

    @Test
    void aGroupChoiceWithoutAnEntryIsAProblem() {
        assertThat(problems(VALID.replace("  - deployment: vllm\n", ""),
                "deployment=sglang")).anySatisfy(p -> assertThat(p).contains("has no 'deployment: ...' entry"));
    }

    @Test
    void aRecursiveAliasIsRefused() {
        assertThat(problems("a: &x\n  b: *x\n")).anySatisfy(p -> assertThat(p).containsAnyOf("recursive",
                "invalid YAML"));
    }

    @Test
    void auxiliaryEntriesOfTypeNoneAreSkipped() throws Exception {
        EvalConfig c = valid(VALID + "auxiliary_deployments:\n  spare:\n    type: none\n");
        assertThat(c.auxiliaryDeployments()).isEmpty();
    }
}
