package io.jenkins.plugins.slurmevaluate.script.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An extra model server in the same allocation, such as a judge, on the nodes after the primary deployment's.
 * The evaluation container gets {@code <envPrefix>_<ENDPOINT>_URL} for each endpoint and
 * {@code <envPrefix>_MODEL_ID}; {@code ${<envPrefix>_<ENDPOINT>_URL}} in the run config is replaced at run time.
 *
 * @param name names its log files and its environment group; letters, digits, '_' and '-'
 * @param envPrefix an upper-case variable name prefix, unique among the auxiliary deployments
 * @param server the server, built from this deployment's own fields
 * @param servedModelName the model id the evaluation sends
 * @param endpoints endpoint type (chat, completions, ...) to path, in order; {@code health} is not exported
 */
public record Auxiliary(String name, String envPrefix, Server server, String servedModelName,
        Map<String, String> endpoints) {

    /** Prefixes whose variables the script or Slurm already use. */
    private static final Set<String> RESERVED = Set.of("SLURM", "PRIMARY", "MODEL", "SERVER", "SE", "SRUN", "SBATCH");

    public Auxiliary {
        Checks.nonEmpty("auxiliary deployment name", name);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("auxiliary deployment name must be letters, digits, '_' and '-' (it names"
                    + " log files): " + Checks.printable(name));
        }
        if (envPrefix == null || !envPrefix.matches("[A-Z][A-Z0-9_]*") || RESERVED.contains(envPrefix)) {
            throw new IllegalArgumentException("env prefix of auxiliary deployment " + name + " must be an upper-case name"
                    + " other than " + RESERVED + ": " + (envPrefix == null ? "missing" : Checks.printable(envPrefix)));
        }
        if (server == null) {
            throw new IllegalArgumentException("auxiliary deployment " + name + " has no server");
        }
        Checks.oneLine("served model name of auxiliary deployment " + name, servedModelName);
        endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
        endpoints.forEach((type, path) -> {
            if (!type.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("endpoint type of auxiliary deployment " + name
                        + " must be a name such as chat: " + Checks.printable(type));
            }
            Checks.httpPath("endpoint " + type + " of auxiliary deployment " + name, path);
        });
    }

    /** The endpoints the evaluation gets a URL for: every one but {@code health}. */
    public Map<String, String> exportedEndpoints() {
        Map<String, String> out = new LinkedHashMap<>(endpoints);
        out.remove("health");
        return Collections.unmodifiableMap(out);
    }

    /** {@code <P>_<TYPE>_URL}, the variable that holds the URL of an endpoint. */
    public String urlVariable(String endpointType) {
        return envPrefix + "_" + endpointType.toUpperCase(Locale.ROOT) + "_URL";
    }

    /** {@code <P>_MODEL_ID}, the variable that holds the served model name. */
    public String modelIdVariable() {
        return envPrefix + "_MODEL_ID";
    }
}
