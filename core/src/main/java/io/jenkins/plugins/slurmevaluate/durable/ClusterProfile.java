package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.LoadedConfig;
import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an evaluation runs, as an administrator defined it (a Jenkins cluster definition) or as a step gave it: the
 * login node and user, plus defaults for {@code execution.account}, {@code partition} and {@code output_dir}.
 *
 * <p>The host and user are authoritative: they replace {@code execution.hostname} and {@code execution.username} of
 * the config, since that is where the connection goes. The other three are defaults: they apply only where the
 * config (and its overrides) leave the value unset ({@code ???}) or at the bundled group's default.
 *
 * @param name the cluster's name, or null for an ad-hoc host
 * @param host the login node, or null to take {@code execution.hostname} from the config
 * @param port the SSH port
 * @param user the login user (from the credentials), or null to take {@code execution.username} from the config
 * @param account default {@code execution.account}, or null
 * @param partition default {@code execution.partition}, or null
 * @param outputDir default {@code execution.output_dir}, or null
 */
public record ClusterProfile(String name, String host, int port, String user, String account, String partition,
        String outputDir) {

    /** An ad-hoc host with no defaults. */
    public static ClusterProfile adHoc(String host, int port, String user) {
        return new ClusterProfile(null, host, port, user, null, null, null);
    }

    /**
     * The overrides that apply this profile to a config, to be put <em>before</em> the user's overrides.
     *
     * @param loaded the config loaded with the user's overrides only
     */
    public List<String> overridesFor(LoadedConfig loaded) {
        Map<String, String> forced = new LinkedHashMap<>();
        forced.put("hostname", host);
        forced.put("username", user);
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("account", account);
        defaults.put("partition", partition);
        defaults.put("output_dir", outputDir);
        Node execution = loaded.tree().get("execution");
        List<String> out = new ArrayList<>();
        forced.forEach((key, value) -> {
            if (value != null) {
                out.add("execution." + key + "=" + quote(value));
            }
        });
        defaults.forEach((key, value) -> {
            if (value != null && !setByUser(execution, key)) {
                out.add("execution." + key + "=" + quote(value));
            }
        });
        return out;
    }

    /**
     * The login node the request's config names ({@code execution.hostname}, after its overrides), or null when it
     * names none or cannot be read (planning then reports why). A host without a cluster of its own may use it to find
     * the cluster definition of that name.
     *
     * @param environment what {@code ${oc.env:NAME}} reads
     */
    public static String configuredHostname(EvaluationRequest request, Map<String, String> environment) {
        if (request.configText() == null) {
            return null;
        }
        LoadedConfig loaded;
        try {
            loaded = new ConfigLoader(environment).inspect(request.configName(), request.configText(), request.overrides());
        } catch (RuntimeException e) {
            return null;
        }
        return loaded.model().map(m -> m.execution().hostname()).orElseGet(() -> {
            Node execution = loaded.tree().get("execution");
            return execution instanceof MapNode m && m.get("hostname") instanceof ScalarNode h && !h.isNull()
                    && !h.isMissing() ? h.text() : null;
        });
    }

    /** The reference saved in the run record: this profile's host and user, else the config's. */
    public ClusterRef ref(EvalConfig model) {
        String h = host != null ? host : model.execution().hostname();
        String u = user != null ? user : model.execution().username();
        return new ClusterRef(name, h, port, u, false);
    }

    /** {@code dgx (login.dgx:22)} or {@code login.dgx:22}, for messages. */
    public String describe() {
        String where = (host == null ? "the config's execution.hostname" : host) + ":" + port;
        return name == null ? where : name + " (" + where + ")";
    }

    private static boolean setByUser(Node execution, String key) {
        if (!(execution instanceof MapNode m) || !(m.get(key) instanceof ScalarNode s)) {
            return false;
        }
        return !s.isMissing() && !s.isNull() && s.origin().kind() != Origin.Kind.BUNDLED;
    }

    /** The override grammar's single-quoted form: always a string, never re-typed as a number or a boolean. */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
