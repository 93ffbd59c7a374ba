package io.jenkins.plugins.slurmevaluate.config.plan;

import io.jenkins.plugins.slurmevaluate.catalog.ResolvedTask;
import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.catalog.TaskResolutionException;
import io.jenkins.plugins.slurmevaluate.config.ConfigException;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.ConfigProblem;
import io.jenkins.plugins.slurmevaluate.config.LoadedConfig;
import io.jenkins.plugins.slurmevaluate.config.model.AuxiliaryDeployment;
import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.model.Evaluation;
import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import io.jenkins.plugins.slurmevaluate.env.EnvGroup;
import io.jenkins.plugins.slurmevaluate.env.EnvGroups;
import io.jenkins.plugins.slurmevaluate.env.EnvValue;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From a config to a validated {@link EvaluationPlan}: loads and validates the config, resolves each task in the
 * catalog, picks its endpoint, and builds and resolves its variable groups through a {@link SecretSource}. Every
 * problem of every step is reported together in one {@link ConfigException}. No network access, no I/O beyond
 * reading the config file. Thread-safe.
 */
public final class Planner {

    private final ConfigLoader loader;
    private final TaskCatalog catalog;

    public Planner(ConfigLoader loader, TaskCatalog catalog) {
        this.loader = loader;
        this.catalog = catalog;
    }

    /**
     * @param taskFilter task names to run (exact, or a suffix such as {@code ifeval} for
     *                   {@code lm-evaluation-harness.ifeval}); empty runs all. Tasks keep their index in the config.
     * @throws ConfigException with every problem found
     */
    public EvaluationPlan plan(Path configFile, List<String> overrides, SecretSource secrets, List<String> taskFilter)
            throws ConfigException {
        return plan(loader.inspect(configFile, overrides), secrets, taskFilter);
    }

    /** As {@link #plan(Path, List, SecretSource, List)} for a config that is already loaded. */
    public EvaluationPlan plan(LoadedConfig config, SecretSource secrets, List<String> taskFilter)
            throws ConfigException {
        Set<ConfigProblem> problems = new LinkedHashSet<>(config.problems());
        EvalConfig model = config.model().orElse(null);
        if (model == null) {
            throw new ConfigException(List.copyOf(problems));
        }
        List<String> warnings = new ArrayList<>(config.warnings());
        List<EnvGroup> shared = sharedGroups(model, secrets, problems);
        AuxiliaryReferences references = new AuxiliaryReferences(model.auxiliaryDeployments(), config.tree());
        MapNode evaluation = config.tree().get("evaluation") instanceof MapNode e ? e : null;
        if (evaluation != null && evaluation.get("nemo_evaluator_config") != null) {
            references.check(evaluation.get("nemo_evaluator_config"), "evaluation.nemo_evaluator_config", problems);
        }
        List<PlannedTask> planned = new ArrayList<>();
        for (Evaluation.Task task : select(model.evaluation().tasks(), taskFilter, problems)) {
            if (evaluation != null && evaluation.get("tasks") instanceof ListNode list && task.index() < list.items().size()
                    && list.items().get(task.index()) instanceof MapNode t && t.get("nemo_evaluator_config") != null) {
                references.check(t.get("nemo_evaluator_config"), "evaluation.tasks[" + task.index()
                        + "].nemo_evaluator_config", problems);
            }
            PlannedTask p = planTask(model, task, secrets, shared, references, problems, warnings);
            if (p != null) {
                planned.add(p);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(List.copyOf(problems));
        }
        return new EvaluationPlan(config, model, planned, warnings);
    }

    private List<Evaluation.Task> select(List<Evaluation.Task> tasks, List<String> filter, Set<ConfigProblem> problems) {
        if (filter.isEmpty()) {
            return tasks;
        }
        List<Evaluation.Task> out = new ArrayList<>();
        for (String wanted : filter) {
            List<Evaluation.Task> hits = tasks.stream().filter(t -> t.name().equals(wanted)).toList();
            if (hits.isEmpty()) {
                hits = tasks.stream().filter(t -> t.name().endsWith("." + wanted)).toList();
            }
            if (hits.isEmpty()) {
                problems.add(new ConfigProblem(new Origin(Origin.Kind.UNKNOWN, "<--tasks " + wanted + ">", 0, 0, 0),
                        "evaluation.tasks", "no task named '" + wanted + "'; tasks: "
                        + String.join(", ", tasks.stream().map(Evaluation.Task::name).toList())));
            }
            hits.stream().filter(t -> !out.contains(t)).forEach(out::add);
        }
        out.sort(java.util.Comparator.comparingInt(Evaluation.Task::index));
        return out;
    }

    private PlannedTask planTask(EvalConfig model, Evaluation.Task task, SecretSource secrets, List<EnvGroup> shared,
            AuxiliaryReferences references, Set<ConfigProblem> problems, List<String> warnings) {
        String path = "evaluation.tasks[" + task.index() + "]";
        ResolvedTask resolved;
        try {
            resolved = catalog.resolve(task.name(), task.container(), task.endpointType());
        } catch (TaskResolutionException e) {
            problems.add(new ConfigProblem(task.origin(), path + ".name", e.getMessage()));
            return null;
        }
        if (resolved.unlisted()) {
            warnings.add("task " + task.jobName() + " is not in the task catalog; it runs in " + resolved.image()
                    + " as '" + resolved.qualifiedName() + "', unchecked");
        }
        List<PlannedTask.AuxiliaryReference> found = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) references.translate(
                Maps.deepMerge(model.evaluation().nemoEvaluatorConfig(), task.nemoEvaluatorConfig()), "", found);
        String url = Maps.string(config, "target", "api_endpoint", "url");
        var deployment = model.deployment();
        if (!deployment.isNone()) {
            String endpointPath = deployment.endpoints().get(resolved.endpointType());
            if (endpointPath == null || resolved.endpointType().equals("health")) {
                problems.add(new ConfigProblem(task.endpointTypeOrigin(), path + (task.endpointType() != null ? ".endpoint_type"
                        : ".name"), "task " + task.name() + " calls the '" + resolved.endpointType() + "' endpoint, "
                        + "which deployment.endpoints does not have (it has: " + String.join(", ", deployment.endpoints()
                        .keySet()) + "); set " + path + ".endpoint_type or add deployment.endpoints."
                        + resolved.endpointType()));
                return null;
            }
            var execution = model.execution();
            int port = execution.numInstances() > 1 ? execution.proxy().haproxyPort() : deployment.port();
            url = url != null ? url : "http://127.0.0.1:" + port + endpointPath;
        } else {
            url = url != null ? url : model.target().url();
        }
        String modelId = Maps.string(config, "target", "api_endpoint", "model_id");
        modelId = modelId != null ? modelId : deployment.isNone() ? model.target().modelId() : deployment.servedModelName();
        EnvGroup evaluation = EnvGroups.resolve(task.jobName(), List.of(model.envVars(), model.evaluation().envVars(),
                task.envVars()), model.target().apiKeyName(), "target.api_endpoint.api_key_name",
                model.target().apiKeyOrigin(), secrets);
        report(evaluation, secrets, problems);
        List<EnvGroup> groups = new ArrayList<>();
        if (!evaluation.vars().isEmpty()) {
            groups.add(evaluation);
        }
        groups.addAll(shared);
        var ex = model.execution();
        int nodes = ex.numNodes() + model.auxiliaryDeployments().stream().mapToInt(AuxiliaryDeployment::numNodes).sum();
        var resources = new PlannedTask.Resources(nodes, ex.gpusPerNode(), ex.gres(), ex.walltime(), ex.partition(),
                ex.account());
        return new PlannedTask(task, resolved, url, modelId, resources, groups, config, found);
    }

    /** Deployment, auxiliary and export groups: the same for every task. */
    private List<EnvGroup> sharedGroups(EvalConfig model, SecretSource secrets, Set<ConfigProblem> problems) {
        List<EnvGroup> out = new ArrayList<>();
        Map<String, List<Map<String, EnvValue>>> layers = new LinkedHashMap<>();
        layers.put("deployment", List.of(model.envVars(), model.deployment().envVars()));
        for (AuxiliaryDeployment aux : model.auxiliaryDeployments()) {
            layers.put(aux.name(), List.of(model.envVars(), aux.server().envVars()));
        }
        layers.put("export", List.of(model.envVars(), model.export().envVars()));
        layers.forEach((name, l) -> {
            EnvGroup g = EnvGroups.resolve(name, l, null, null, null, secrets);
            report(g, secrets, problems);
            if (!g.vars().isEmpty()) {
                out.add(g);
            }
        });
        return out;
    }

    private static void report(EnvGroup group, SecretSource secrets, Set<ConfigProblem> problems) {
        for (EnvValue missing : group.missing()) {
            problems.add(new ConfigProblem(missing.origin(), missing.keyPath(), EnvGroups.missingMessage(missing, secrets)));
        }
    }
}
