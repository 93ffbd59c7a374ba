package io.jenkins.plugins.slurmevaluate.config.model;

import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import io.jenkins.plugins.slurmevaluate.env.EnvValue;
import java.util.List;
import java.util.Map;

/**
 * The validated, typed config of one evaluation run: what the script renderer and the run lifecycle read. All
 * values are immutable; interpolations are resolved; {@code env_vars} are parsed but not resolved (that needs a
 * secret source, see {@code config.plan.Planner}).
 *
 * @param envVars               top-level {@code env_vars}: every group gets them (reference c.2)
 * @param execution             {@code execution}
 * @param deployment            {@code deployment}; {@link Deployment#isNone()} when there is no server
 * @param auxiliaryDeployments  {@code auxiliary_deployments}, in map order, without those of type {@code none}
 * @param target                {@code target.api_endpoint}
 * @param evaluation            {@code evaluation}
 * @param export                {@code export}
 */
public record EvalConfig(Map<String, EnvValue> envVars, Execution execution, Deployment deployment,
        List<AuxiliaryDeployment> auxiliaryDeployments, Target target, Evaluation evaluation, Export export) {

    public EvalConfig {
        envVars = Values.copy(envVars);
        auxiliaryDeployments = List.copyOf(auxiliaryDeployments);
    }

    /**
     * {@code target.api_endpoint}: the endpoint to evaluate when there is no deployment.
     *
     * @param url        endpoint URL; null with a deployment
     * @param modelId    model name sent in requests; null with a deployment
     * @param apiKeyName name of the variable holding the API key, or null; it is added to each evaluation group
     *                   as {@code host:<name>} unless declared there
     * @param apiKeyOrigin where {@code api_key_name} is written ({@link Origin#UNKNOWN} if it is not)
     */
    public record Target(String url, String modelId, String apiKeyName, Origin apiKeyOrigin) {}

    /**
     * {@code export}: settings of the result exporters used by auto-export.
     *
     * @param envVars      {@code export.env_vars}
     * @param destinations {@code export.<dest>} free-form settings per destination (mlflow, wandb, ...)
     */
    public record Export(Map<String, EnvValue> envVars, Map<String, Object> destinations) {
        public Export {
            envVars = Values.copy(envVars);
            destinations = Values.copy(destinations);
        }
    }
}
