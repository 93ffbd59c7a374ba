package io.jenkins.plugins.slurmevaluate.config.model;

import java.util.Map;

/**
 * {@code execution.mounts}: extra bind mounts per container, host directory → container directory (optionally
 * with {@code :flags}, e.g. {@code /data:ro}), in the order written. Host sources are absolute: one written
 * relative, such as {@code ./hf_cache}, is resolved under {@code execution.output_dir} (P-2; README, "Mounts"),
 * listed in {@code created}, and created by staging when missing instead of being checked.
 *
 * @param deployment extra mounts of the deployment container
 * @param evaluation extra mounts of the evaluation container
 * @param auxiliary  extra mounts per auxiliary deployment name
 * @param mountHome  false adds {@code --no-container-mount-home} to every srun
 * @param created    the absolute sources that were written relative (staging creates them)
 */
public record Mounts(Map<String, String> deployment, Map<String, String> evaluation,
        Map<String, Map<String, String>> auxiliary, boolean mountHome, java.util.Set<String> created) {

    public Mounts {
        deployment = Values.copy(deployment);
        evaluation = Values.copy(evaluation);
        auxiliary = Values.copy(auxiliary);
        created = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(created));
    }
}
