package io.jenkins.plugins.slurmevaluate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** execution.auto_export names the reference's exporters; a typo is a config error, not a failed export hours later. */
class AutoExportConfigTest {

    private static final String BASE = """
            defaults:
              - execution: slurm/default
              - deployment: none
              - _self_
            execution:
              hostname: login
              account: acct
              output_dir: /out
            target:
              api_endpoint:
                url: http://model/v1/chat/completions
                model_id: m
            evaluation:
              tasks:
                - name: gsm8k
            """;

    private List<String> problems(String extra) {
        return new ConfigLoader(Map.of("USER", "alice")).inspect("eval.yaml", BASE + extra, List.of()).problems().stream()
                .map(ConfigProblem::toString).toList();
    }

    @Test
    void everyReferenceDestinationIsAccepted() {
        assertThat(problems("export:\n  mlflow: {tracking_uri: http://m}\n")).isEmpty();
        String both = "export:\n  mlflow: {tracking_uri: http://m}\n";
        assertThat(new ConfigLoader(Map.of("USER", "alice")).inspect("eval.yaml", BASE.replace("  output_dir: /out\n",
                "  output_dir: /out\n  auto_export: [gsheets, local, mlflow, wandb]\n") + both, List.of()).problems()).isEmpty();
    }

    @Test
    void anUnknownDestinationIsAnErrorNamingTheKeyAndTheClosestName() {
        String list = BASE.replace("  output_dir: /out\n", "  output_dir: /out\n  auto_export: [mlfow]\n");
        assertThat(new ConfigLoader(Map.of("USER", "alice")).inspect("eval.yaml", list, List.of()).problems())
                .singleElement().asString().contains("eval.yaml:").contains("execution.auto_export")
                .contains("'mlfow' is not an export destination (gsheets, local, mlflow, wandb); did you mean 'mlflow'?");
        String map = BASE.replace("  output_dir: /out\n", "  output_dir: /out\n  auto_export:\n    destinations: [wandbb]\n");
        assertThat(new ConfigLoader(Map.of("USER", "alice")).inspect("eval.yaml", map, List.of()).problems())
                .singleElement().asString().contains("execution.auto_export.destinations").contains("did you mean 'wandb'?");
    }
}
