package io.jenkins.plugins.slurmevaluate.config.model;

import java.util.Map;

/**
 * {@code execution.mounts}: extra bind mounts per container, host directory → container directory (optionally
 * with {@code :flags}, e.g. {@code /data:ro}). Host sources are absolute (P-2), in the order written.
 *
 * @param deployment extra mounts of the deployment container
 * @param evaluation extra mounts of the evaluation container
 * @param auxiliary  extra mounts per auxiliary deployment name
 * @param mountHome  false adds {@code --no-container-mount-home} to every srun
 */
public record Mounts(Map<String, String> deployment, Map<String, String> evaluation,
        Map<String, Map<String, String>> auxiliary, boolean mountHome) {

    public Mounts {
        deployment = Values.copy(deployment);
        evaluation = Values.copy(evaluation);
        auxiliary = Values.copy(auxiliary);
    }
}
