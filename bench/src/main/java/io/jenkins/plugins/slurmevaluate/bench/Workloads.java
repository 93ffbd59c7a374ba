package io.jenkins.plugins.slurmevaluate.bench;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigException;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.Planner;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.Submission;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The evaluations the benchmarks submit: real configs, planned and rendered by the engine. The evaluation is the
 * test bed's {@code nemo-evaluator} stand-in with {@code deployment: none}, pointed at one fake model server the
 * benchmark runs itself, so a job is cheap (a few seconds) but goes through the real script, chain files and logs.
 */
final class Workloads {

    /** The secret every benchmark evaluation carries, so each task also gets a {@code .secrets.env}. */
    static final String SECRET_NAME = "BENCH_TOKEN";

    private final TestbedEnv testbed;
    private final String outputDir;
    private final String endpoint;
    private final Evaluator evaluator;

    /**
     * @param outputDir the remote directory every invocation of this benchmark run goes under
     * @param endpoint the fake model server's completions URL
     */
    Workloads(TestbedEnv testbed, String outputDir, String endpoint, Evaluator evaluator) {
        this.testbed = testbed;
        this.outputDir = outputDir;
        this.endpoint = endpoint;
        this.evaluator = evaluator;
    }

    String outputDir() {
        return outputDir;
    }

    /** Where {@code execution.mounts.evaluation} points: a directory that must exist before submission. */
    String mountSource() {
        return outputDir + "/data";
    }

    /**
     * One invocation of {@code tasks} tasks, rendered and ready to submit.
     *
     * @param samples samples per task (one request each)
     * @param preCmd a shell command run before the evaluation in the job (its output goes to the client log), or null
     * @param extra more config overrides
     */
    Submission prepare(int tasks, int samples, String preCmd, List<String> extra) throws ConfigException {
        ConfigLoader loader = new ConfigLoader(Map.of());
        List<String> overrides = new ArrayList<>(List.of(
                "++evaluation.nemo_evaluator_config.config.params.limit_samples=" + samples,
                "+env_vars.STANDIN_NUM_SAMPLES=lit:" + samples,
                "+env_vars." + SECRET_NAME + "=host:" + SECRET_NAME));
        if (preCmd != null) {
            overrides.add("++evaluation.pre_cmd=" + preCmd);
        }
        overrides.addAll(extra);
        SecretSource secrets = SecretSource.of(Map.of(SECRET_NAME, "bench-secret-value"), "the benchmark");
        EvaluationPlan plan = new Planner(loader, TaskCatalog.bundled())
                .plan(loader.inspect("bench.yaml", config(tasks), overrides), secrets, List.of());
        ClusterRef cluster = new ClusterRef("testbed", testbed.host(), testbed.port(), testbed.user(), false);
        return evaluator.prepare(plan, cluster, "bench.yaml", List.of(), null);
    }

    private String config(int tasks) {
        StringBuilder b = new StringBuilder();
        b.append("defaults:\n  - execution: slurm/default\n  - deployment: none\n  - _self_\n");
        b.append("execution:\n");
        b.append("  hostname: ").append(testbed.host()).append('\n');
        b.append("  username: ").append(testbed.user()).append('\n');
        b.append("  account: ").append(testbed.account()).append('\n');
        b.append("  partition: ").append(testbed.partition()).append('\n');
        b.append("  output_dir: ").append(outputDir).append('\n');
        b.append("  gres: null\n  sbatch_extra_flags:\n    exclusive: false\n");
        b.append("  walltime: \"00:10:00\"\n  mpi: none\n");
        b.append("  mounts:\n    evaluation:\n      ").append(mountSource()).append(": /data\n");
        b.append("target:\n  api_endpoint:\n    url: ").append(endpoint).append("\n    model_id: tiny-model\n");
        b.append("evaluation:\n  tasks:\n");
        for (int i = 0; i < tasks; i++) {
            b.append("    - name: gsm8k\n      container: testbed/nemo-evaluator-standin\n");
        }
        return b.toString();
    }
}
