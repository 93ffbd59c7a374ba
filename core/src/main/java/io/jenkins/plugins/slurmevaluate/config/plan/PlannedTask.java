package io.jenkins.plugins.slurmevaluate.config.plan;

import io.jenkins.plugins.slurmevaluate.catalog.ResolvedTask;
import io.jenkins.plugins.slurmevaluate.config.model.Evaluation;
import io.jenkins.plugins.slurmevaluate.config.time.SlurmTime;
import io.jenkins.plugins.slurmevaluate.env.EnvGroup;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One job of a run: a task of the config with everything resolved that the script renderer needs.
 *
 * @param task                the task as configured (index, name, container, dataset, pre/post commands)
 * @param resolved            what the catalog said about it
 * @param endpointUrl         the URL the evaluation calls (reference b.18)
 * @param modelId             the model name sent in requests
 * @param resources           what the job asks Slurm for
 * @param envGroups           the variable groups, in the order of {@code .secrets.env}: this task's evaluation
 *                            group, {@code deployment}, each auxiliary, {@code export}; empty groups left out
 * @param nemoEvaluatorConfig {@code evaluation.nemo_evaluator_config} deep-merged with the task's (the task wins)
 */
public record PlannedTask(Evaluation.Task task, ResolvedTask resolved, String endpointUrl, String modelId,
        Resources resources, List<EnvGroup> envGroups, Map<String, Object> nemoEvaluatorConfig) {

    public PlannedTask {
        envGroups = List.copyOf(envGroups);
        nemoEvaluatorConfig = Collections.unmodifiableMap(new LinkedHashMap<>(nemoEvaluatorConfig));
    }

    /**
     * The allocation of one job.
     *
     * @param nodes       {@code num_nodes} plus the nodes of every auxiliary deployment
     * @param gpusPerNode {@code --gpus-per-node}, or null
     * @param gres        {@code --gres}, or null
     * @param walltime    {@code --time}
     * @param partition   {@code --partition}
     * @param account     {@code --account}
     */
    public record Resources(int nodes, Integer gpusPerNode, String gres, SlurmTime walltime, String partition,
            String account) {}

    /** {@code <task>.<idx>}: the job's directory and evaluation group name. */
    public String jobName() {
        return task.jobName();
    }

    public String image() {
        return resolved.image();
    }

    public String endpointType() {
        return resolved.endpointType();
    }

    /** This task's evaluation group ({@code <task>.<idx>}), if it has any variables. */
    public java.util.Optional<EnvGroup> evaluationGroup() {
        return envGroups.stream().filter(g -> g.name().equals(jobName())).findFirst();
    }
}
