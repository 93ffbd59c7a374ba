package io.jenkins.plugins.slurmevaluate.env;

import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the variable groups of reference c.2, lowest layer first, last one wins:
 * <ul>
 *   <li>evaluation of a task: top-level {@code env_vars} → {@code evaluation.env_vars} → the task's
 *       {@code env_vars} → {@code target.api_endpoint.api_key_name} as {@code host:<NAME>} if not declared;</li>
 *   <li>{@code deployment}: top-level → {@code deployment.env_vars};</li>
 *   <li>each auxiliary deployment: top-level → its {@code env_vars};</li>
 *   <li>{@code export}: top-level → {@code export.env_vars}.</li>
 * </ul>
 * The launcher's telemetry variables are not added. Host values are read through the {@link SecretSource} here,
 * so a missing one shows up before anything is written.
 */
public final class EnvGroups {

    private EnvGroups() {}

    /**
     * @param layers      lowest precedence first
     * @param apiKeyName  the task's API key variable name, or null; added as {@code host:NAME} if no layer declares it
     */
    public static EnvGroup resolve(String groupName, List<Map<String, EnvValue>> layers, String apiKeyName,
            String apiKeyPath, Origin apiKeyOrigin, SecretSource secrets) {
        Map<String, EnvValue> merged = new LinkedHashMap<>();
        for (Map<String, EnvValue> layer : layers) {
            merged.putAll(layer);
        }
        if (apiKeyName != null && !merged.containsKey(apiKeyName)) {
            merged.put(apiKeyName, new EnvValue(EnvValue.Kind.HOST, apiKeyName, apiKeyPath, apiKeyOrigin));
        }
        Map<String, EnvGroup.Var> vars = new LinkedHashMap<>();
        List<EnvValue> missing = new ArrayList<>();
        for (Map.Entry<String, EnvValue> e : merged.entrySet()) {
            EnvValue spec = e.getValue();
            switch (spec.kind()) {
                case LITERAL -> vars.put(e.getKey(), new EnvGroup.Var(e.getKey(), spec, SecretValue.of(spec.text())));
                case RUNTIME -> vars.put(e.getKey(), new EnvGroup.Var(e.getKey(), spec, null));
                case HOST -> {
                    Optional<String> value = secrets.lookup(spec.text());
                    if (value.isPresent()) {
                        vars.put(e.getKey(), new EnvGroup.Var(e.getKey(), spec, SecretValue.of(value.get())));
                    } else {
                        missing.add(spec);
                    }
                }
            }
        }
        return new EnvGroup(groupName, vars, missing);
    }

    /** The message for a {@code host:} variable that the source does not have. */
    public static String missingMessage(EnvValue spec, SecretSource secrets) {
        return "host variable " + spec.text() + " is not set (referenced by " + spec.keyPath() + " as '"
                + spec.spec() + "'); looked in " + secrets.describe() + "; set it there";
    }
}
