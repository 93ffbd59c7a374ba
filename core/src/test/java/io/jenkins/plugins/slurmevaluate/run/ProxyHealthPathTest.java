package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.Planner;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.RenderedTask;
import io.jenkins.plugins.slurmevaluate.script.ScriptRenderer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several NIM instances behind haproxy are health-checked where NIM answers, not on the reference's /health (P-29). */
class ProxyHealthPathTest {

    private static final String CONFIG = """
            defaults:
              - execution: slurm/default
              - deployment: nim
              - _self_
            execution:
              hostname: login
              username: u
              account: acct
              output_dir: /lustre/evals
              num_nodes: 2
              num_instances: 2
            deployment:
              image: nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8
              served_model_name: meta/llama-3.1-8b-instruct
            evaluation:
              tasks:
                - name: gsm8k
            """;

    private RenderedTask render(String... overrides) throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of());
        EvaluationPlan plan = new Planner(loader, TaskCatalog.bundled()).plan(loader.inspect("eval.yaml", CONFIG,
                List.of(overrides)), SecretSource.of(Map.of("NGC_API_KEY", "x"), "test"), List.of());
        TaskLayout layout = TaskLayout.of("/lustre/evals", "20261208_000000-0123456789abcdef", "gsm8k", 0);
        return new ScriptRenderer().render(ScriptSpecs.of(plan, plan.tasks().get(0), layout, "0123456789abcdef", "test"));
    }

    private static String proxyConfig(RenderedTask t) {
        return new String(t.proxyTemplates().get(0).content(), StandardCharsets.UTF_8);
    }

    @Test
    void haproxyChecksNimsReadinessPathByDefault() throws Exception {
        RenderedTask t = render();
        assertThat(proxyConfig(t)).contains("option httpchk GET /v1/health/ready").doesNotContain("GET /health\n");
        assertThat(t.runScriptText()).contains("http://127.0.0.1:5009/v1/health/ready");
    }

    @Test
    void anExplicitHealthCheckPathWins() throws Exception {
        assertThat(proxyConfig(render("execution.proxy.config.health_check_path=/v1/health/live")))
                .contains("option httpchk GET /v1/health/live");
    }
}
