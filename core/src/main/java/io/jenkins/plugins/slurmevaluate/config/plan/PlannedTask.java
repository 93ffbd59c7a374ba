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
 * @param nemoEvaluatorConfig {@code evaluation.nemo_evaluator_config} deep-merged with the task's (the task wins),
 *                            with its references to auxiliary deployments translated
 * @param auxiliaryReferences each reference to an auxiliary deployment in it, in order, for the dry run
 */
public record PlannedTask(Evaluation.Task task, ResolvedTask resolved, String endpointUrl, String modelId,
        Resources resources, List<EnvGroup> envGroups, Map<String, Object> nemoEvaluatorConfig,
        List<AuxiliaryReference> auxiliaryReferences) {

    public PlannedTask {
        envGroups = List.copyOf(envGroups);
        nemoEvaluatorConfig = Collections.unmodifiableMap(new LinkedHashMap<>(nemoEvaluatorConfig));
        auxiliaryReferences = List.copyOf(auxiliaryReferences);
    }

    /**
     * One {@code auxiliary_deployments.<name>.<field>} in the run config, and what took its place (reference a.6).
     *
     * @param keyPath     where it is in the run config, such as {@code config.params.extra.judge.url}
     * @param reference   the text as written, such as {@code auxiliary_deployments.judge.chat_url}
     * @param replacement what the run config holds instead: the served model name, or {@code ${JUDGE_CHAT_URL}}
     * @param resolvesTo  what the evaluation gets: the served model name, or the URL with the host the job fills in,
     *                    such as {@code http://${JUDGE_PRIMARY_NODE}:8001/v1/chat/completions}
     */
    public record AuxiliaryReference(String keyPath, String reference, String replacement, String resolvesTo) {}

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
