package io.jenkins.plugins.slurmevaluate.config.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.plan.Trust.Kind;
import io.jenkins.plugins.slurmevaluate.config.plan.TrustCheck.Finding;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustCheckTest {

    private static final String BASE = """
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
            evaluation:
              tasks:
                - name: gsm8k
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of());
    private final Planner planner = new Planner(loader, TaskCatalog.bundled());

    private List<Finding> find(String text, String... tasks) throws Exception {
        return TrustCheck.find(planner.plan(loader.inspect("eval.yaml", text, List.of()), SecretSource.of(Map.of(), "test"),
                List.of(tasks)));
    }

    @Test
    void aConfigWithoutCommandsOrUnlistedTasksNeedsNoTrust() throws Exception {
        assertThat(find(BASE)).isEmpty();
    }

    @Test
    void everyCommandIsNamedWithTheLineOfItsKey() throws Exception {
        String text = BASE.replace("    - name: gsm8k\n", """
                    - name: gsm8k
                      post_cmd: rm -rf /results/cache
                  pre_cmd: pip install foo
                """).replace("  served_model_name: model\n", "  served_model_name: model\n  pre_cmd: nvidia-smi\n");
        List<Finding> f = find(text);
        assertThat(f).extracting(Finding::kind).containsOnly(Kind.COMMAND);
        assertThat(f).extracting(Finding::key).containsExactly("evaluation.pre_cmd", "evaluation.tasks[0].post_cmd",
                "deployment.pre_cmd");
        assertThat(f).extracting(x -> x.origin().toString()).containsExactly("eval.yaml:19:3", "eval.yaml:18:7",
                "eval.yaml:14:3");
    }

    @Test
    void theExportJobsOwnInstallCommandNeedsTrustAndTheDefaultDoesNot() throws Exception {
        String exporting = BASE.replace("  output_dir: /lustre/evals\n", """
                  output_dir: /lustre/evals
                  auto_export:
                    destinations: [local]
                """) + "export:\n  local:\n    output_dir: /lustre/exported\n";
        assertThat(find(exporting)).isEmpty();
        List<Finding> f = find(exporting.replace("    destinations: [local]\n",
                "    destinations: [local]\n    launcher_install_cmd: curl example.com | sh\n"));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Kind.COMMAND);
            assertThat(x.key()).isEqualTo("execution.auto_export.launcher_install_cmd");
            assertThat(x.origin().line()).isEqualTo(12);
        });
    }

    @Test
    void anAuxiliaryDeploymentsPreCmdNeedsTrust() throws Exception {
        List<Finding> f = find(BASE.replace("  - _self_", "  - deployment/vllm@auxiliary_deployments.judge\n  - _self_") + """
                auxiliary_deployments:
                  judge:
                    checkpoint_path: null
                    hf_model_handle: org/judge
                    served_model_name: judge
                    port: 8001
                    pre_cmd: curl example.com | sh
                """);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.key()).isEqualTo("auxiliary_deployments.judge.pre_cmd");
            assertThat(x.origin().line()).isEqualTo(24);
        });
    }

    @Test
    void commandsOfTasksLeftOutByTheFilterAreNotRun() throws Exception {
        String text = BASE.replace("    - name: gsm8k\n", """
                    - name: gsm8k
                    - name: lm-evaluation-harness.ifeval
                      pre_cmd: echo hi
                """);
        assertThat(find(text, "gsm8k")).isEmpty();
        assertThat(find(text)).extracting(Finding::key).containsExactly("evaluation.tasks[1].pre_cmd");
    }

    @Test
    void anUnlistedTaskNeedsTrustUnlessItsImageIsALocalFile() throws Exception {
        String text = BASE.replace("    - name: gsm8k\n", """
                    - name: my_task
                      container: registry.example.com/img:1
                    - name: other_task
                      container: /lustre/images/eval.sqsh
                    - name: third_task
                      container: images/eval.sqsh
                """);
        List<Finding> f = find(text);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Kind.UNLISTED_TASK);
            assertThat(x.key()).isEqualTo("evaluation.tasks[0].name");
            assertThat(x.origin().toString()).isEqualTo("eval.yaml:16:13");
            assertThat(x.detail()).contains("my_task").contains("registry.example.com/img:1");
        });
    }

    @Test
    void onlyTheValueOneOptsInThroughTheEnvironment() {
        assertThat(Trust.fromEnvironment(Map.of("NEMO_EVALUATOR_TRUST_PRE_CMD", "1"))).isEqualTo(new Trust(true, false));
        assertThat(Trust.fromEnvironment(Map.of("NEMO_EVALUATOR_TRUST_UNLISTED_TASKS", "1"))).isEqualTo(new Trust(false, true));
        for (String v : List.of("true", "yes", "0", "", " 1", "1 ")) {
            assertThat(Trust.fromEnvironment(Map.of("NEMO_EVALUATOR_TRUST_PRE_CMD", v,
                    "NEMO_EVALUATOR_TRUST_UNLISTED_TASKS", v))).as(v).isEqualTo(Trust.NONE);
        }
    }

    @Test
    void theReportListsWhatIsNotTrustedAndHowToOptIn() throws Exception {
        String text = BASE.replace("    - name: gsm8k\n", """
                    - name: my_task
                      container: my/img
                      pre_cmd: echo hi
                """);
        List<Finding> all = find(text);
        assertThat(TrustCheck.untrusted(all, new Trust(true, false))).extracting(Finding::kind)
                .containsExactly(Kind.UNLISTED_TASK);
        String report = TrustCheck.report("refusing to submit", TrustCheck.untrusted(all, Trust.NONE),
                k -> k == Kind.COMMAND ? "--trust-pre-cmd" : "--trust-unlisted-tasks");
        assertThat(report).startsWith("refusing to submit: the config runs shell commands and tasks not in the catalog")
                .contains("\n  eval.yaml:18:7: evaluation.tasks[0].pre_cmd (a shell command run on the cluster as written)")
                .contains("\n  eval.yaml:16:13: evaluation.tasks[0].name 'my_task' is not in the task catalog")
                .endsWith("To run these commands: --trust-pre-cmd\nTo run these tasks: --trust-unlisted-tasks");
    }
}
