package io.jenkins.plugins.slurmevaluate.config.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigException;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.ConfigProblem;
import io.jenkins.plugins.slurmevaluate.env.EnvGroup;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final String VLLM = """
            defaults:
              - execution: slurm/default
              - deployment: vllm
              - _self_
            execution:
              hostname: login.example.com
              username: u
              account: acct
              output_dir: /lustre/evals
            deployment:
              checkpoint_path: null
              hf_model_handle: org/model
              served_model_name: model
            env_vars:
              HF_TOKEN: host:HF_TOKEN
            evaluation:
              env_vars:
                MODE: lit:evaluation
              tasks:
                - name: lm-evaluation-harness.ifeval
                - name: gsm8k
                  env_vars:
                    MODE: lit:task
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of());
    private final Planner planner = new Planner(loader, TaskCatalog.bundled());
    private final SecretSource secrets = SecretSource.of(Map.of("HF_TOKEN", "hf_abc", "NGC_API_KEY", "nv"), "test");

    private EvaluationPlan plan(String text, List<String> overrides, List<String> tasks) throws ConfigException {
        return planner.plan(loader.inspect("eval.yaml", text, overrides), secrets, tasks);
    }

    @Test
    void eachTaskGetsTheEndpointOfItsType() throws Exception {
        EvaluationPlan p = plan(VLLM, List.of(), List.of());
        assertThat(p.tasks()).extracting(PlannedTask::jobName, PlannedTask::endpointUrl).containsExactly(
                org.assertj.core.groups.Tuple.tuple("lm-evaluation-harness.ifeval.0", "http://127.0.0.1:8000/v1/chat/completions"),
                org.assertj.core.groups.Tuple.tuple("gsm8k.1", "http://127.0.0.1:8000/v1/completions"));
        assertThat(p.tasks().get(0).modelId()).isEqualTo("model");
    }

    @Test
    void severalInstancesAreReachedThroughHaproxy() throws Exception {
        EvaluationPlan p = plan(VLLM, List.of("execution.num_nodes=2", "execution.num_instances=2"), List.of());
        assertThat(p.tasks().get(1).endpointUrl()).isEqualTo("http://127.0.0.1:5009/v1/completions");
        assertThat(p.tasks().get(1).resources().nodes()).isEqualTo(2);
    }

    @Test
    void aUserUrlInTheEvaluatorConfigWins() throws Exception {
        EvaluationPlan p = plan(VLLM, List.of("++evaluation.tasks.gsm8k.nemo_evaluator_config.target.api_endpoint.url"
                + "=http://elsewhere/v1"), List.of());
        assertThat(p.tasks().get(1).endpointUrl()).isEqualTo("http://elsewhere/v1");
    }

    @Test
    void groupsFollowThePrecedenceAndOrderOfTheSecretsFile() throws Exception {
        PlannedTask gsm8k = plan(VLLM, List.of(), List.of()).tasks().get(1);
        assertThat(gsm8k.envGroups()).extracting(EnvGroup::name).containsExactly("gsm8k.1", "deployment", "export");
        EnvGroup evaluation = gsm8k.evaluationGroup().orElseThrow();
        assertThat(evaluation.vars().get("MODE").value().reveal()).isEqualTo("task");
        assertThat(evaluation.vars().get("HF_TOKEN").value().reveal()).isEqualTo("hf_abc");
        assertThat(plan(VLLM, List.of(), List.of()).tasks().get(0).evaluationGroup().orElseThrow().vars().get("MODE")
                .value().reveal()).isEqualTo("evaluation");
    }

    @Test
    void theTaskFilterKeepsIndices() throws Exception {
        EvaluationPlan p = plan(VLLM, List.of(), List.of("gsm8k"));
        assertThat(p.tasks()).extracting(PlannedTask::jobName).containsExactly("gsm8k.1");
        assertThat(plan(VLLM, List.of(), List.of("ifeval")).tasks()).extracting(PlannedTask::jobName)
                .containsExactly("lm-evaluation-harness.ifeval.0");
    }

    @Test
    void anUnknownFilterNameIsAProblem() {
        assertThatThrownBy(() -> plan(VLLM, List.of(), List.of("mmlu"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no task named 'mmlu'; tasks: lm-evaluation-harness.ifeval, gsm8k");
    }

    @Test
    void aMissingHostVariableIsReportedOnceWhereItIsDeclared() {
        SecretSource empty = SecretSource.of(Map.of(), "nowhere");
        assertThatThrownBy(() -> planner.plan(loader.inspect("eval.yaml", VLLM, List.of()), empty, List.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::toString).containsExactly("env_vars.HF_TOKEN at eval.yaml:15:13: "
                                + "host variable HF_TOKEN is not set (referenced by env_vars.HF_TOKEN as "
                                + "'host:HF_TOKEN'); looked in nowhere; set it there"));
    }

    @Test
    void configAndPlanProblemsAreReportedTogether() {
        String text = VLLM.replace("output_dir: /lustre/evals", "output_dir: evals")
                .replace("- name: gsm8k", "- name: mmlu");
        assertThatThrownBy(() -> plan(text, List.of(), List.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).extracting(ConfigProblem::keyPath)
                        .containsExactly("execution.output_dir", "evaluation.tasks[1].name"));
    }

    @Test
    void anEndpointTypeTheDeploymentLacksIsAProblem() {
        String text = VLLM.replace("- name: gsm8k", "- name: gsm8k\n      endpoint_type: vlm");
        assertThatThrownBy(() -> plan(text, List.of(), List.of())).hasMessageContaining(
                "evaluation.tasks[1].endpoint_type at eval.yaml:22:22: task gsm8k calls the 'vlm' endpoint, which "
                        + "deployment.endpoints does not have");
    }

    @Test
    void withoutDeploymentTheTargetIsCalledWithItsKey() throws Exception {
        String text = """
                defaults:
                  - execution: slurm/default
                  - deployment: none
                  - _self_
                execution: {hostname: h, username: u, account: a, output_dir: /o, gres: null}
                target:
                  api_endpoint:
                    url: https://api.example.com/v1/chat/completions
                    model_id: some/model
                    api_key_name: NGC_API_KEY
                evaluation:
                  tasks: [{name: lm-evaluation-harness.ifeval}]
                """;
        PlannedTask t = plan(text, List.of(), List.of()).tasks().get(0);
        assertThat(t.endpointUrl()).isEqualTo("https://api.example.com/v1/chat/completions");
        assertThat(t.modelId()).isEqualTo("some/model");
        assertThat(t.evaluationGroup().orElseThrow().vars().get("NGC_API_KEY").value().reveal()).isEqualTo("nv");
        assertThat(t.resources().gres()).isNull();
    }

    @Test
    void unlistedTasksAreWarnedAbout() throws Exception {
        EvaluationPlan p = plan(VLLM.replace("- name: gsm8k", "- name: my_task\n      container: my/img\n      "
                + "pre_cmd: echo hi"), List.of(), List.of());
        // shell commands are reported by TrustCheck, with where they are written
        assertThat(p.warnings()).anyMatch(w -> w.contains("my_task.1 is not in the task catalog"))
                .noneMatch(w -> w.contains("pre_cmd"));
    }
}
