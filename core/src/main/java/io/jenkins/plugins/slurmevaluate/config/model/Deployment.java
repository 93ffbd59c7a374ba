package io.jenkins.plugins.slurmevaluate.config.model;

import io.jenkins.plugins.slurmevaluate.env.EnvValue;
import java.util.Map;

/**
 * {@code deployment}, or one auxiliary deployment's server: the model server to start (reference a.5). With type
 * {@code none} only {@code type} is meaningful.
 *
 * @param type            vllm, sglang, nim, trtllm, generic or none ({@code vllm_ray} composes to vllm)
 * @param image           container image
 * @param command         the server command after interpolation (may span lines)
 * @param preCmd          shell snippet sourced before the command, or null
 * @param port            port the server listens on
 * @param servedModelName model name the server answers to; the evaluation's model_id
 * @param endpoints       endpoint type → URL path; {@code health} is the readiness check
 * @param checkpointPath  absolute host path mounted at {@code /checkpoint:ro}, or null
 * @param cachePath       absolute host path mounted at {@code /cache}, or null
 * @param hfModelHandle   Hugging Face model id, or null
 * @param envVars         {@code env_vars} of this deployment
 * @param settings        every other key (tensor_parallel_size, extra_args, ...), resolved, for templates
 */
public record Deployment(String type, String image, String command, String preCmd, int port, String servedModelName,
        Map<String, String> endpoints, String checkpointPath, String cachePath, String hfModelHandle,
        Map<String, EnvValue> envVars, Map<String, Object> settings) {

    public Deployment {
        endpoints = Values.copy(endpoints);
        envVars = Values.copy(envVars);
        settings = Values.copy(settings);
    }

    public static Deployment none() {
        return new Deployment("none", null, null, null, 0, null, Map.of(), null, null, null, Map.of(), Map.of());
    }

    public boolean isNone() {
        return "none".equals(type);
    }

    /** The readiness path ({@code endpoints.health}). */
    public String healthPath() {
        return endpoints.get("health");
    }
}
