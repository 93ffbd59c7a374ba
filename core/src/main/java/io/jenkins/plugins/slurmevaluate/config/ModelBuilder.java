package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.model.Deployment;
import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.model.Evaluation;
import io.jenkins.plugins.slurmevaluate.config.model.Execution;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import io.jenkins.plugins.slurmevaluate.env.EnvValue;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns the resolved tree into the typed {@link EvalConfig}, reporting every problem. The model is built even when
 * there are problems (with nulls where values were bad), so later checks can still add theirs.
 */
final class ModelBuilder {

    private final Problems problems;

    ModelBuilder(Problems problems) {
        this.problems = problems;
    }

    /**
     * @param resolved   the tree after interpolation
     * @param unresolved the same tree before interpolation (to see where a value came from)
     * @param referenced dotted key paths that some interpolation refers to
     */
    EvalConfig build(MapNode resolved, MapNode unresolved, Set<String> referenced) {
        Section top = new Section(resolved, "", problems);
        top.node("user_config_path"); // set by the launcher itself; harmless when a saved config is reused
        Map<String, EnvValue> env = top.envVars("env_vars");
        Section auxSection = top.section("auxiliary_deployments");
        DeploymentBuilder deployments = new DeploymentBuilder(problems, referenced);
        Deployment deployment = deployments.primary(top.section("deployment"));
        var auxiliaries = deployments.auxiliaries(auxSection);
        Set<String> auxNames = new LinkedHashSet<>(auxSection.map().entries().keySet());
        boolean usernameFromEnv = unresolved.get("execution") instanceof MapNode ex
                && ex.get("username") instanceof ScalarNode u && u.text().contains("${oc.env:");
        Execution execution = new ExecutionBuilder(problems).build(top.section("execution"), usernameFromEnv, auxNames);
        if (usernameFromEnv && execution.username() != null) {
            problems.warn("execution.username is '" + execution.username() + "', the user running slurm-evaluate here "
                    + "(${oc.env:USER}); on a Jenkins agent that is usually not your cluster account: set it");
        }
        EvalConfig.Target target = target(top.section("target"), deployment);
        Evaluation evaluation = new EvaluationBuilder(problems).build(top.node("evaluation"), resolved);
        EvalConfig.Export export = export(top.section("export"));
        top.finish();
        if (deployment.isNone() && "gpu:8".equals(execution.gres())) {
            problems.warn("there is no deployment but execution.gres is gpu:8: each task takes a GPU node; set "
                    + "gres: null (or a CPU partition) for API-only evaluations");
        }
        return new EvalConfig(env, execution, deployment, auxiliaries, target, evaluation, export);
    }

    private EvalConfig.Target target(Section s, Deployment deployment) {
        Section api = s.section("api_endpoint");
        String url = api.string("url");
        String modelId = api.string("model_id");
        String keyName = api.string("api_key_name");
        if (keyName != null && !EnvValue.isValidName(keyName)) {
            api.problem("api_key_name", "'" + keyName + "' must be the NAME of the variable that holds the key "
                    + "(letters, digits and _), e.g. NGC_API_KEY");
            keyName = null;
        }
        if (deployment.isNone()) {
            if (url == null && !api.isMissing("url")) {
                api.problem("url", "is required without a deployment: the endpoint to evaluate, e.g. "
                        + "https://integrate.api.nvidia.com/v1/chat/completions");
            } else if (url != null && !url.matches("https?://\\S+")) {
                api.problem("url", "'" + url + "' must be an http:// or https:// URL");
            }
            if (modelId == null && !api.isMissing("model_id")) {
                api.problem("model_id", "is required without a deployment: the model name to send in requests");
            }
        } else {
            for (String key : new String[] {"url", "model_id"}) {
                if (api.has(key)) {
                    api.problem(key, "must not be set when a deployment is configured (deployment.type is "
                            + deployment.type() + "): the evaluation talks to that server; remove "
                            + api.path(key) + " or use '- deployment: none'");
                }
            }
            url = null;
            modelId = null;
        }
        api.finish();
        s.finish();
        return new EvalConfig.Target(url, modelId, keyName, keyName == null ? Origin.UNKNOWN : api.at("api_key_name"));
    }

    private EvalConfig.Export export(Section s) {
        Map<String, EnvValue> env = s.envVars("env_vars");
        Map<String, Object> destinations = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : s.map().entries().entrySet()) {
            if (!e.getKey().equals("env_vars")) {
                destinations.put(e.getKey(), e.getValue().toJava());
            }
        }
        return new EvalConfig.Export(env, destinations);
    }
}
