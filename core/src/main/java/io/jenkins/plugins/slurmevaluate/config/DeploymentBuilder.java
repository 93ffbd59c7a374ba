package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.model.AuxiliaryDeployment;
import io.jenkins.plugins.slurmevaluate.config.model.Deployment;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import io.jenkins.plugins.slurmevaluate.env.EnvValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code deployment} and {@code auxiliary_deployments} (reference a.5, a.6). Besides the keys the executor
 * uses, a deployment may hold template values for its command; a key is accepted if a bundled group defines it or
 * some interpolation refers to it. Anything else has no effect, so it is reported (with the closest key), which
 * catches typos such as {@code tensor_paralel_size} that would otherwise silently keep the default.
 */
final class DeploymentBuilder {

    static final List<String> TYPES = List.of("vllm", "sglang", "nim", "trtllm", "generic", "none");

    /** Keys the bundled deployment groups define, beyond those read explicitly. */
    private static final Set<String> TEMPLATE_KEYS = Set.of("tensor_parallel_size", "pipeline_parallel_size",
            "data_parallel_size", "gpu_memory_utilization", "extra_args", "base_command",
            "distributed_executor_backend");

    /** Keys of an auxiliary deployment that a primary one takes from execution: certainly a mistake there. */
    private static final List<String> EXECUTION_KEYS = List.of("num_nodes", "num_instances", "n_tasks");

    private static final Set<String> RESERVED_PREFIXES = Set.of("SLURM", "PRIMARY", "MODEL", "SERVER");
    private static final Pattern AUX_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Pattern FORMAT_FIELD = Pattern.compile("\\{\\{|}}|\\{([^{}]*)}");

    /** The launcher's built-in command for an auxiliary deployment without command or command_template. */
    static final String DEFAULT_AUX_TEMPLATE = "vllm serve {hf_model_handle} --tensor-parallel-size={tensor_parallel_size}"
            + " --pipeline-parallel-size={pipeline_parallel_size} --data-parallel-size={data_parallel_size}"
            + " --port={port} --served-model-name={served_model_name} --gpu-memory-utilization {gpu_memory_utilization}"
            + " {extra_args}";

    private final Problems problems;
    private final Set<String> referenced;

    /** @param referenced every dotted key path some interpolation refers to */
    DeploymentBuilder(Problems problems, Set<String> referenced) {
        this.problems = problems;
        this.referenced = referenced;
    }

    Deployment primary(Section s) {
        if (s.map().entries().isEmpty()) {
            problems.add(s.origin(), "deployment", "no deployment is configured; add '- deployment: vllm' (or sglang, "
                    + "nim, trtllm, generic, none) to the defaults list");
            return Deployment.none();
        }
        s.forbid("multiple_instances", "deployment.multiple_instances is no longer supported; set "
                + "execution.num_instances instead");
        return server(s, "deployment", true);
    }

    /** Reads one server; {@code primary} is false for auxiliary entries (their keys differ a little). */
    private Deployment server(Section s, String refPrefix, boolean primary) {
        String type = s.string("type");
        if (type == null && !s.isMissing("type")) {
            s.problem("type", "is required: one of " + String.join(", ", TYPES));
            type = "none";
        } else if (type != null && !TYPES.contains(type)) {
            s.problem("type", "unknown deployment type '" + type + "'"
                    + io.jenkins.plugins.slurmevaluate.config.suggest.DidYouMean.hint(type, TYPES) + " (types: "
                    + String.join(", ", TYPES) + ")");
            type = "none";
        }
        Map<String, EnvValue> envVars = s.envVars("env_vars");
        if ("none".equals(type) || type == null) {
            // the reference accepts anything here; say it is unused rather than refuse it
            s.warnUnread(primary ? List.of("multiple_instances") : List.of("num_nodes"), s.path("type")
                    + " is none, so no server is started");
            return new Deployment("none", null, null, null, 0, null, Map.of(), null, null, null, envVars, Map.of());
        }
        String image = s.required("image", "the server's container image");
        String preCmd = s.string("pre_cmd");
        Integer port = s.integer("port", primary ? 8000 : null, 1, false);
        if (port != null && port > 65535) {
            s.problem("port", "must be a TCP port (1-65535), not " + port);
        }
        String servedModelName = s.required("served_model_name", "the model name the server answers to");
        Map<String, String> endpoints = s.stringMap("endpoints");
        endpoints.forEach((k, v) -> {
            if (!v.startsWith("/")) {
                problems.add(s.section("endpoints").at(k), s.path("endpoints") + "." + k,
                        "endpoint path must start with /, not '" + v + "'");
            }
        });
        if (!endpoints.containsKey("health") && !s.isMissing("endpoints")) {
            problems.add(s.at("endpoints"), s.path("endpoints"), "needs a health: path (e.g. /health), used to wait "
                    + "until the server is ready");
        }
        String checkpoint = s.absolutePath("checkpoint_path", ": it is mounted into the container at /checkpoint");
        String cache = s.absolutePath("cache_path", ": it is mounted into the container at /cache");
        String hf = s.string("hf_model_handle");
        String command = primary ? s.required("command", "the command that starts the server") : s.string("command");
        // /checkpoint is mounted only from checkpoint_path; a command of the user's own that names its model
        // (vllm serve org/model) needs neither checkpoint_path nor hf_model_handle
        if (command != null && command.contains("/checkpoint") && checkpoint == null
                && !s.isMissing("checkpoint_path") && !s.has("checkpoint_path")) {
            s.problem("checkpoint_path", ("trtllm".equals(type) ? "trtllm serves /checkpoint only: set "
                    + "checkpoint_path to an absolute checkpoint directory" : "the command serves /checkpoint, which is "
                    + "mounted from checkpoint_path: set checkpoint_path (an absolute checkpoint directory), or "
                    + "hf_model_handle (a Hugging Face model id), or a command that names the model"));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : s.map().entries().entrySet()) {
            if (TEMPLATE_KEYS.contains(e.getKey()) || referenced.contains(refPrefix + "." + e.getKey())) {
                settings.put(e.getKey(), e.getValue().toJava());
            }
        }
        Set<String> also = new HashSet<>(TEMPLATE_KEYS);
        s.map().entries().keySet().stream().filter(k -> referenced.contains(refPrefix + "." + k)).forEach(also::add);
        if (!primary) {
            also.addAll(List.of("env_prefix", "num_nodes", "num_instances", "n_tasks", "command_template"));
        } else {
            for (String key : EXECUTION_KEYS) {
                s.forbid(key, "has no effect here: the deployment's nodes are execution.num_nodes, its instances "
                        + "execution.num_instances and its srun tasks execution.deployment.n_tasks");
            }
        }
        // the reference lets users add keys to refer to from the command: unread ones are only warned about
        s.warnUnread(also, "no setting reads it and the command does not refer to $" + "{{key}}");
        return new Deployment(type, image, command, preCmd, port == null ? 0 : port, servedModelName, endpoints,
                checkpoint, cache, hf, envVars, settings);
    }

    /** Names of env groups that an auxiliary deployment's own group would collide with. */
    private static final Set<String> RESERVED_NAMES = Set.of("deployment", "export");

    List<AuxiliaryDeployment> auxiliaries(Section all) {
        List<AuxiliaryDeployment> out = new ArrayList<>();
        Set<String> prefixes = new HashSet<>();
        for (String name : all.map().entries().keySet()) {
            Section s = all.section(name);
            if (!AUX_NAME.matcher(name).matches()) {
                all.problem(name, "auxiliary deployment name '" + name + "' must start with a letter and hold only "
                        + "letters, digits, '_' and '-' (it names files and shell variables)");
                continue;
            }
            if (RESERVED_NAMES.contains(name)) {
                // the env groups of the model server and of the export job go by these names (run.sub, .secrets.env)
                all.problem(name, "auxiliary deployment name '" + name + "' is taken by the " + name + " env group; "
                        + "choose another name");
                continue;
            }
            String type = s.string("type");
            if (type == null || type.equals("none")) {
                continue; // the launcher skips these entries
            }
            String prefix = s.string("env_prefix", name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            if (prefix != null && !prefix.matches("[A-Z_][A-Z0-9_]*")) {
                s.problem("env_prefix", "'" + prefix + "' must be upper case letters, digits and _ (it starts shell "
                        + "variable names such as " + prefix + "_CHAT_URL)");
            } else if (prefix != null && RESERVED_PREFIXES.contains(prefix)) {
                s.problem("env_prefix", "'" + prefix + "' is reserved (" + String.join(", ", RESERVED_PREFIXES)
                        + "); set another env_prefix");
            } else if (prefix != null && !prefixes.add(prefix)) {
                s.problem("env_prefix", "env_prefix '" + prefix + "' is used by another auxiliary deployment; "
                        + "each needs its own");
            }
            int numNodes = orOne(s.integer("num_nodes", 1, 1, false));
            int numInstances = orOne(s.integer("num_instances", 1, 1, false));
            if (numNodes % numInstances != 0) {
                s.problem("num_instances", "num_nodes (" + numNodes + ") must be divisible by num_instances ("
                        + numInstances + ")");
            }
            int nTasks = orOne(s.integer("n_tasks", numInstances > 1 ? numNodes : 1, 1, false));
            if (nTasks < numInstances || nTasks % numInstances != 0) {
                s.problem("n_tasks", "n_tasks (" + nTasks + ") must be a multiple of num_instances (" + numInstances
                        + ") and at least that");
            }
            for (String required : List.of("image", "port", "served_model_name", "endpoints")) {
                if (!s.map().has(required)) {
                    s.problem(required, "is required for an auxiliary deployment (type, image, port, "
                            + "served_model_name, endpoints); place a group to inherit them, e.g. "
                            + "- deployment/vllm@auxiliary_deployments." + name);
                }
            }
            String template = s.string("command_template");
            Deployment server = server(s, "auxiliary_deployments." + name, false);
            String command = server.command();
            if (command == null || command.isEmpty()) {
                command = format(template != null ? template : DEFAULT_AUX_TEMPLATE, s.map(), s);
            }
            server = new Deployment(server.type(), server.image(), command, server.preCmd(), server.port(),
                    server.servedModelName(), server.endpoints(), server.checkpointPath(), server.cachePath(),
                    server.hfModelHandle(), server.envVars(), server.settings());
            out.add(new AuxiliaryDeployment(name, prefix, numNodes, numInstances, nTasks, server));
        }
        return out;
    }

    /** Python's {@code str.format(**cfg)}, as the launcher fills command_template: {key}, {{ and }}. */
    private String format(String template, MapNode values, Section s) {
        Matcher m = FORMAT_FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("{{")) {
                replacement = "{";
            } else if (m.group().equals("}}")) {
                replacement = "}";
            } else {
                Node v = values.get(m.group(1));
                if (v instanceof ScalarNode sc && !sc.isMissing()) {
                    replacement = sc.interpolationText();
                } else {
                    s.problem("command_template", "the command template needs " + s.path(m.group(1))
                            + ", which is not set (or set command instead)");
                    replacement = "";
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static int orOne(Integer v) {
        return v == null ? 1 : v;
    }
}
