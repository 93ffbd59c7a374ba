package io.jenkins.plugins.slurmevaluate.config.model;

import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import io.jenkins.plugins.slurmevaluate.env.EnvValue;
import java.util.List;
import java.util.Map;

/**
 * {@code evaluation}: what to evaluate (reference a.8).
 *
 * @param tasks               the tasks, in order; names may repeat
 * @param nemoEvaluatorConfig free-form config passed to nemo-evaluator for every task
 * @param envVars             {@code evaluation.env_vars}
 * @param preCmd              shell snippet run in the evaluation container before the evaluator, or null
 * @param postCmd             shell snippet run after it, or null
 */
public record Evaluation(List<Task> tasks, Map<String, Object> nemoEvaluatorConfig, Map<String, EnvValue> envVars,
        String preCmd, String postCmd) {

    public Evaluation {
        tasks = List.copyOf(tasks);
        nemoEvaluatorConfig = Values.copy(nemoEvaluatorConfig);
        envVars = Values.copy(envVars);
    }

    /**
     * One entry of {@code evaluation.tasks}.
     *
     * @param index               position in {@code evaluation.tasks}, which makes names unique
     * @param name                {@code task} or {@code harness.task}
     * @param origin              where the task's name is written
     * @param container           image override, or null
     * @param endpointType        endpoint type override, or null
     * @param endpointTypeOrigin  where {@code endpoint_type} is written (the name's origin if it is not)
     * @param envVars             the task's {@code env_vars}
     * @param nemoEvaluatorConfig task-level config, merged over the evaluation-level one (the task wins)
     * @param datasetDir          host directory mounted into the evaluation container, or null
     * @param datasetMountPath    where it is mounted ({@code /datasets} by default)
     * @param preCmd              replaces the evaluation-level {@code pre_cmd} when set, or null
     * @param postCmd             replaces the evaluation-level {@code post_cmd} when set, or null
     */
    public record Task(int index, String name, Origin origin, String container, String endpointType,
            Origin endpointTypeOrigin, Map<String, EnvValue> envVars, Map<String, Object> nemoEvaluatorConfig, String datasetDir,
            String datasetMountPath, String preCmd, String postCmd) {

        public Task {
            envVars = Values.copy(envVars);
            nemoEvaluatorConfig = Values.copy(nemoEvaluatorConfig);
        }

        /** {@code <name>.<index>}: the task's directory and group name. */
        public String jobName() {
            return name + "." + index;
        }
    }
}
