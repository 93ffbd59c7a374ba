package io.jenkins.plugins.slurmevaluate.config.plan;

import io.jenkins.plugins.slurmevaluate.config.ConfigProblem;
import io.jenkins.plugins.slurmevaluate.config.model.AuxiliaryDeployment;
import io.jenkins.plugins.slurmevaluate.config.suggest.DidYouMean;
import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References to an auxiliary deployment in the evaluator's config (reference a.6, {@code L/common/helpers.py}
 * {@code get_eval_factory_command}): wherever a string value contains {@code auxiliary_deployments.<name>.model_id}
 * it becomes that deployment's served model name, and {@code auxiliary_deployments.<name>.<endpoint>_url} (every
 * endpoint but {@code health}) becomes {@code ${<PREFIX>_<ENDPOINT>_URL}}, which the job replaces with the URL once it
 * knows the deployment's node. Like the reference, a reference may be a whole value or part of one.
 *
 * <p>Unlike the reference, which leaves a reference it does not know as text for the harness to fail on, a name or a
 * field that does not exist is a config problem where the value is written. Immutable.
 */
public final class AuxiliaryReferences {

    /** Auxiliary deployments with several instances get their own haproxy, on ports counting from here (a.6). */
    public static final int FIRST_PROXY_PORT = 5010;

    private static final String PREFIX = "auxiliary_deployments.";
    /** A name as the config allows it, then a field; the field ends where a name could not go on. */
    private static final Pattern REFERENCE = Pattern.compile(Pattern.quote(PREFIX) + "([A-Za-z0-9_-]+)\\.([A-Za-z0-9_]+)");

    /** What one field of one deployment stands for. */
    private record Target(String replacement, String resolvesTo) {}

    /** Deployment name to its fields ({@code model_id}, {@code chat_url}, ...), in order. */
    private final Map<String, Map<String, Target>> deployed = new LinkedHashMap<>();
    /** Names under {@code auxiliary_deployments} that are not started (type none). */
    private final Set<String> notStarted = new LinkedHashSet<>();

    /**
     * @param deployments the deployments that are started, in map order
     * @param tree the composed config, to tell a deployment of type none from one that does not exist
     */
    public AuxiliaryReferences(List<AuxiliaryDeployment> deployments, MapNode tree) {
        int proxyPort = FIRST_PROXY_PORT;
        for (AuxiliaryDeployment a : deployments) {
            if (a == null || a.server() == null || a.envPrefix() == null) {
                continue; // a config with problems: they are reported elsewhere
            }
            Map<String, Target> fields = new LinkedHashMap<>();
            String served = a.server().servedModelName() == null ? "" : a.server().servedModelName();
            fields.put("model_id", new Target(served, served));
            String base = a.numInstances() > 1 ? "http://${PRIMARY_NODE}:" + proxyPort++
                    : "http://${" + a.envPrefix() + "_PRIMARY_NODE}:" + a.server().port();
            a.server().endpoints().forEach((type, path) -> {
                if (!type.equals("health")) {
                    fields.put(type + "_url", new Target("${" + urlVariable(a.envPrefix(), type) + "}", base + path));
                }
            });
            deployed.put(a.name(), fields);
        }
        if (tree != null && tree.get("auxiliary_deployments") instanceof MapNode all) {
            all.entries().keySet().stream().filter(n -> !deployed.containsKey(n)).forEach(notStarted::add);
        }
    }

    /** {@code <P>_<TYPE>_URL}: the variable the job exports with the URL of an endpoint. */
    public static String urlVariable(String envPrefix, String endpointType) {
        return envPrefix + "_" + endpointType.toUpperCase(Locale.ROOT) + "_URL";
    }

    /**
     * Reports every reference in {@code node} (a {@code nemo_evaluator_config}) that names no started deployment or
     * no field of it, at the value that holds it.
     *
     * @param keyPath the node's dotted key path, for the problems
     */
    public void check(Node node, String keyPath, Collection<ConfigProblem> problems) {
        if (node instanceof MapNode m) {
            m.entries().forEach((k, v) -> check(v, keyPath + "." + k, problems));
        } else if (node instanceof ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                check(l.items().get(i), keyPath + "[" + i + "]", problems);
            }
        } else if (node instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
            Matcher m = REFERENCE.matcher(s.text());
            while (m.find()) {
                String problem = problem(m.group(), m.group(1), m.group(2));
                if (problem != null) {
                    problems.add(new ConfigProblem(s.origin(), keyPath, problem));
                }
            }
        }
    }

    private String problem(String reference, String name, String field) {
        String quoted = "'" + reference + "'";
        Map<String, Target> fields = deployed.get(name);
        if (fields == null) {
            if (notStarted.contains(name)) {
                return quoted + " refers to auxiliary deployment '" + name + "', which has type none: it is not started,"
                        + " so it has no URL and no model id";
            }
            if (deployed.isEmpty()) {
                return quoted + " names no auxiliary deployment: the config has no auxiliary_deployments (add "
                        + "auxiliary_deployments." + name + ", e.g. with - deployment/vllm@auxiliary_deployments." + name
                        + " in defaults)";
            }
            return quoted + " names no auxiliary deployment" + DidYouMean.hint(name, deployed.keySet())
                    + " (auxiliary deployments: " + String.join(", ", deployed.keySet()) + ")";
        }
        if (fields.containsKey(field)) {
            return null;
        }
        String known = " (" + name + " has: " + String.join(", ", fields.keySet()) + ")";
        if (field.equals("health_url")) {
            return quoted + ": the health endpoint gets no URL for the evaluation, as in the launcher" + known;
        }
        return quoted + ": auxiliary deployment '" + name + "' has no '" + field + "'" + DidYouMean.hint(field,
                fields.keySet()) + known;
    }

    /**
     * The config with every reference to a started deployment's field translated; any other text is left as it is
     * ({@link #check} reports it). Mappings and lists are copied, the input is not changed.
     *
     * @param found receives each translated reference with its key path in the result, in order
     */
    public Object translate(Object value, String keyPath, List<PlannedTask.AuxiliaryReference> found) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>(); // keys as they are: a YAML key need not be a string
            m.forEach((k, v) -> out.put(k, translate(v, keyPath.isEmpty() ? String.valueOf(k) : keyPath + "." + k, found)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(translate(l.get(i), keyPath + "[" + i + "]", found));
            }
            return out;
        }
        if (value instanceof String s && s.contains(PREFIX)) {
            Matcher m = REFERENCE.matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                Map<String, Target> fields = deployed.get(m.group(1));
                Target t = fields == null ? null : fields.get(m.group(2));
                if (t == null) {
                    m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                } else {
                    m.appendReplacement(out, Matcher.quoteReplacement(t.replacement()));
                    found.add(new PlannedTask.AuxiliaryReference(keyPath, m.group(), t.replacement(), t.resolvesTo()));
                }
            }
            m.appendTail(out);
            return out.toString();
        }
        return value;
    }
}
