package io.jenkins.plugins.slurmevaluate.config.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigException;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.ConfigProblem;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code auxiliary_deployments.<name>.model_id} and {@code auxiliary_deployments.<name>.<endpoint>_url} in the
 * evaluator's config (reference a.6, {@code L/common/helpers.py}): translated for every task, and a name or an
 * endpoint that does not exist is a config problem where the value is written.
 */
class AuxiliaryReferencesTest {

    static final String JUDGE = """
            defaults:
              - execution: slurm/default
              - deployment: vllm
              - deployment/vllm@auxiliary_deployments.judge
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
            auxiliary_deployments:
              judge:
                checkpoint_path: null
                hf_model_handle: org/judge
                served_model_name: org/judge-72b
                port: 8001
            evaluation:
              nemo_evaluator_config:
                config:
                  params:
                    extra:
                      judge:
                        url: auxiliary_deployments.judge.chat_url
                        model_id: auxiliary_deployments.judge.model_id
                        temperature: 0.0
              tasks:
                - name: AIME_2025
                - name: gsm8k
                  nemo_evaluator_config:
                    config:
                      params:
                        extra:
                          judge:
                            url: auxiliary_deployments.judge.completions_url
                          graders:
                            - auxiliary_deployments.judge.model_id
                            - ask auxiliary_deployments.judge.model_id at auxiliary_deployments.judge.chat_url, then stop
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of());
    private final Planner planner = new Planner(loader, TaskCatalog.bundled());

    private EvaluationPlan plan(String text, String... overrides) throws ConfigException {
        return planner.plan(loader.inspect("eval.yaml", text, List.of(overrides)), SecretSource.of(Map.of(), "test"),
                List.of());
    }

    private List<ConfigProblem> problems(String text, String... overrides) {
        try {
            plan(text, overrides);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("the config was accepted");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> judgeOf(PlannedTask t) {
        Map<String, Object> config = (Map<String, Object>) t.nemoEvaluatorConfig().get("config");
        Map<String, Object> params = (Map<String, Object>) config.get("params");
        return (Map<String, Object>) params.get("extra");
    }

    /** The origin of the first occurrence of {@code value} in {@code text}: 1-based line and column. */
    private static Origin where(String text, String value) {
        int at = text.indexOf(value);
        assertThat(at).as("'%s' in the config", value).isNotNegative();
        int line = (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        int column = at - text.lastIndexOf('\n', at - 1);
        return Origin.file("eval.yaml", line, column);
    }

    @Test
    void theModelIdBecomesTheServedNameAndAnEndpointUrlItsRunTimePlaceholderInEveryTask() throws Exception {
        EvaluationPlan p = plan(JUDGE);

        assertThat(judgeOf(p.tasks().get(0))).isEqualTo(Map.of("judge", Map.of("url", "${JUDGE_CHAT_URL}",
                "model_id", "org/judge-72b", "temperature", 0.0)));
        assertThat(judgeOf(p.tasks().get(1)).get("judge")).isEqualTo(Map.of("url", "${JUDGE_COMPLETIONS_URL}",
                "model_id", "org/judge-72b", "temperature", 0.0));
    }

    @Test
    void aReferenceInsideALongerStringOrAListIsTranslatedToo() throws Exception {
        // as the reference, which replaces the text of the whole dumped config
        assertThat(judgeOf(plan(JUDGE).tasks().get(1)).get("graders")).isEqualTo(List.of("org/judge-72b",
                "ask org/judge-72b at ${JUDGE_CHAT_URL}, then stop"));
    }

    @Test
    void theEnvPrefixNamesThePlaceholder() throws Exception {
        EvaluationPlan p = plan(JUDGE, "++auxiliary_deployments.judge.env_prefix=GRADER");
        assertThat(judgeOf(p.tasks().get(0))).extractingByKey("judge").asString().contains("url=${GRADER_CHAT_URL}");
    }

    @Test
    void theUntranslatedConfigIsLeftAsWrittenForTheDryRunsResolvedConfig() throws Exception {
        EvaluationPlan p = plan(JUDGE);
        assertThat(p.config().toYaml()).contains("url: auxiliary_deployments.judge.chat_url");
    }

    @Test
    void anUnknownDeploymentIsAProblemWhereTheValueIsWrittenWithASuggestion() {
        String text = JUDGE.replace("url: auxiliary_deployments.judge.chat_url", "url: auxiliary_deployments.judges.chat_url");
        assertThat(problems(text)).singleElement().satisfies(pr -> {
            assertThat(pr.origin()).isEqualTo(where(text, "auxiliary_deployments.judges.chat_url"));
            assertThat(pr.keyPath()).isEqualTo("evaluation.nemo_evaluator_config.config.params.extra.judge.url");
            assertThat(pr.message()).contains("'auxiliary_deployments.judges.chat_url'").contains("no auxiliary deployment")
                    .contains("did you mean 'judge'?");
        });
    }

    @Test
    void anUnknownEndpointIsAProblemWithASuggestion() {
        String text = JUDGE.replace("auxiliary_deployments.judge.completions_url", "auxiliary_deployments.judge.completion_url");
        assertThat(problems(text)).singleElement().satisfies(pr -> {
            assertThat(pr.origin()).isEqualTo(where(text, "auxiliary_deployments.judge.completion_url"));
            assertThat(pr.keyPath()).isEqualTo("evaluation.tasks[1].nemo_evaluator_config.config.params.extra.judge.url");
            assertThat(pr.message()).contains("did you mean 'completions_url'?").contains("model_id, chat_url,");
        });
    }

    @Test
    void theHealthEndpointHasNoUrlForTheEvaluation() {
        String text = JUDGE.replace("auxiliary_deployments.judge.chat_url\n", "auxiliary_deployments.judge.health_url\n");
        assertThat(problems(text)).singleElement().satisfies(pr -> {
            assertThat(pr.origin()).isEqualTo(where(text, "auxiliary_deployments.judge.health_url"));
            assertThat(pr.message()).contains("health");
        });
    }

    @Test
    void everyBadReferenceInAStringIsReported() {
        String text = JUDGE.replace("ask auxiliary_deployments.judge.model_id at auxiliary_deployments.judge.chat_url",
                "ask auxiliary_deployments.judge.modelid at auxiliary_deployments.other.chat_url");
        assertThat(problems(text)).hasSize(2).allSatisfy(pr -> assertThat(pr.keyPath())
                .isEqualTo("evaluation.tasks[1].nemo_evaluator_config.config.params.extra.graders[1]"))
                .anySatisfy(pr -> assertThat(pr.message()).contains("did you mean 'model_id'?"))
                .anySatisfy(pr -> assertThat(pr.message()).contains("'auxiliary_deployments.other.chat_url'"));
    }

    @Test
    void aDeploymentOfTypeNoneIsNotStartedSoItHasNothingToReferTo() {
        assertThat(problems(JUDGE, "auxiliary_deployments.judge.type=none")).isNotEmpty()
                .allSatisfy(pr -> assertThat(pr.message()).contains("type none"));
    }

    @Test
    void aReferenceWithoutAnyAuxiliaryDeploymentIsAProblem() {
        String text = JUDGE.replace("  - deployment/vllm@auxiliary_deployments.judge\n", "")
                .replaceAll("(?s)auxiliary_deployments:\n  judge:.*?port: 8001\n", "");
        assertThat(problems(text)).isNotEmpty()
                .allSatisfy(pr -> assertThat(pr.message()).contains("the config has no auxiliary_deployments"));
    }

    @Test
    void aBadReferenceFromAnOverrideIsReportedAtTheOverride() {
        String override = "++evaluation.nemo_evaluator_config.config.params.extra.judge.url=auxiliary_deployments.judge.url";
        assertThat(problems(JUDGE, override)).singleElement().satisfies(pr -> {
            assertThat(pr.origin().kind()).isEqualTo(Origin.Kind.OVERRIDE);
            assertThat(pr.message()).contains("'auxiliary_deployments.judge.url'");
        });
    }

    @Test
    void theDryRunGetsEachReferenceWithWhatItResolvesTo() throws Exception {
        PlannedTask aime = plan(JUDGE).tasks().get(0);
        assertThat(aime.auxiliaryReferences()).containsExactly(
                new PlannedTask.AuxiliaryReference("config.params.extra.judge.url", "auxiliary_deployments.judge.chat_url",
                        "${JUDGE_CHAT_URL}", "http://${JUDGE_PRIMARY_NODE}:8001/v1/chat/completions"),
                new PlannedTask.AuxiliaryReference("config.params.extra.judge.model_id",
                        "auxiliary_deployments.judge.model_id", "org/judge-72b", "org/judge-72b"));
        PlannedTask gsm8k = plan(JUDGE).tasks().get(1);
        assertThat(gsm8k.auxiliaryReferences()).extracting(PlannedTask.AuxiliaryReference::keyPath).containsExactly(
                "config.params.extra.judge.url", "config.params.extra.judge.model_id", "config.params.extra.graders[0]",
                "config.params.extra.graders[1]", "config.params.extra.graders[1]");
    }

    @Test
    void aJudgeWithSeveralInstancesIsReachedThroughItsProxyOnTheFirstNode() throws Exception {
        PlannedTask aime = plan(JUDGE, "++auxiliary_deployments.judge.num_nodes=2",
                "++auxiliary_deployments.judge.num_instances=2").tasks().get(0);
        assertThat(aime.auxiliaryReferences().get(0).resolvesTo()).isEqualTo("http://${PRIMARY_NODE}:5010/v1/chat/completions");
    }
}
