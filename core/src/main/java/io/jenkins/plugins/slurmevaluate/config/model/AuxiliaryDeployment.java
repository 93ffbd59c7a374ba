package io.jenkins.plugins.slurmevaluate.config.model;

/**
 * One entry of {@code auxiliary_deployments}: an extra server, such as a judge model, on its own nodes of the same
 * allocation (reference a.6). Its command was built from its own fields (P-21): {@code command}, else
 * {@code command_template} filled with its keys, else the launcher's vLLM template.
 *
 * @param name         key under {@code auxiliary_deployments}
 * @param envPrefix    prefix of the shell variables that describe it ({@code JUDGE_CHAT_URL}, ...)
 * @param numNodes     nodes it gets, after the primary's, in map order
 * @param numInstances independent instances (own haproxy when > 1)
 * @param nTasks       total srun tasks over its instances
 * @param server       image, command, port, endpoints and the rest
 */
public record AuxiliaryDeployment(String name, String envPrefix, int numNodes, int numInstances, int nTasks,
        Deployment server) {}
