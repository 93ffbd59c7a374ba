package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.config.model.AuxiliaryDeployment;
import io.jenkins.plugins.slurmevaluate.config.model.Deployment;
import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.model.Execution;
import io.jenkins.plugins.slurmevaluate.config.plan.AuxiliaryReferences;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.PlannedTask;
import io.jenkins.plugins.slurmevaluate.config.time.SlurmTime;
import io.jenkins.plugins.slurmevaluate.env.EnvValue;
import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.Auxiliary;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup;
import io.jenkins.plugins.slurmevaluate.script.spec.Evaluation;
import io.jenkins.plugins.slurmevaluate.script.spec.Mount;
import io.jenkins.plugins.slurmevaluate.script.spec.SbatchHeader;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import io.jenkins.plugins.slurmevaluate.script.spec.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Maps one planned task of a validated config onto the renderer's input. Every choice the reference makes between
 * config keys and script values lives here: the job name (the chain's submit token), derived mounts, proxy ports,
 * and the nemo-evaluator run config (reference b.18).
 */
final class ScriptSpecs {

    /** Auxiliary deployments with several instances get their own haproxy, on ports counting from here (a.6). */
    static final int FIRST_AUXILIARY_PROXY_PORT = AuxiliaryReferences.FIRST_PROXY_PORT;

    private ScriptSpecs() {}

    /** The Slurm job name shared by every link of a task's chain: {@code <account>-<subproject>.<task dir>-<invocation>}. */
    static String jobName(Execution x, TaskLayout layout, String invocationId) {
        String taskDir = layout.taskDir().substring(layout.taskDir().lastIndexOf('/') + 1);
        return x.account() + "-" + x.subproject() + "." + taskDir + "-" + invocationId;
    }

    static ScriptSpec of(EvaluationPlan plan, PlannedTask task, TaskLayout layout, String invocationId, String version) {
        EvalConfig m = plan.model();
        Execution x = m.execution();
        ScriptSpec.Builder spec = ScriptSpec.builder()
                .invocationId(invocationId)
                .layout(layout)
                .header(header(x, task, jobName(x, layout, invocationId)))
                .mpi(ScriptSpec.Mpi.valueOf(x.mpi().name()))
                .mountHome(x.mounts().mountHome())
                .chain(chain(x, task))
                .evaluation(evaluation(plan, task, version));
        ExportSpecs.of(plan, task, layout, invocationId).ifPresent(spec::export);
        if (!m.deployment().isNone()) {
            spec.deployment(server(m.deployment(), x.numNodes(), x.numInstances(), x.deploymentNTasks(), x,
                    x.mounts().deployment(), group(task, "deployment"),
                    x.numInstances() > 1 ? x.proxy().haproxyPort() : 0));
        }
        int proxyPort = FIRST_AUXILIARY_PROXY_PORT;
        for (AuxiliaryDeployment a : m.auxiliaryDeployments()) {
            Server s = server(a.server(), a.numNodes(), a.numInstances(), a.nTasks(), x,
                    x.mounts().auxiliary().getOrDefault(a.name(), Map.of()), group(task, a.name()),
                    a.numInstances() > 1 ? proxyPort++ : 0);
            spec.auxiliary(new Auxiliary(a.name(), a.envPrefix(), s, a.server().servedModelName(), a.server().endpoints()));
        }
        return spec.build();
    }

    /** The chain's budgets (docs/chain-protocol.md): link cap, max_walltime, and the stall guard for this walltime. */
    static ScriptSpec.Chain chain(Execution x, PlannedTask task) {
        SlurmTime walltime = task.resources().walltime();
        return new ScriptSpec.Chain(x.chainLinkCap(),
                x.maxWalltime() == null ? OptionalLong.empty() : OptionalLong.of(x.maxWalltime().seconds()),
                x.maxStalledLinks() == null ? 0 : x.maxStalledLinks(),
                ScriptSpec.Chain.quickSecondsFor(walltime.isUnlimited() ? 0 : walltime.seconds()));
    }

    private static SbatchHeader header(Execution x, PlannedTask task, String jobName) {
        PlannedTask.Resources r = task.resources();
        SbatchHeader.Builder h = SbatchHeader.builder()
                .time(r.walltime().text())
                .account(r.account())
                .partition(r.partition())
                .nodes(r.nodes())
                .ntasksPerNode(x.ntasksPerNode())
                .gres(r.gres())
                .comment(x.sbatchComment())
                .jobName(jobName);
        if (r.gpusPerNode() != null) {
            h.gpusPerNode(r.gpusPerNode());
        }
        for (List<String> flag : x.emittedSbatchFlags()) {
            h.flag(flag.size() == 1 ? SbatchHeader.Flag.bare(flag.get(0)) : SbatchHeader.Flag.of(flag.get(0), flag.get(1)));
        }
        return h.build();
    }

    private static Server server(Deployment d, int nodes, int instances, int tasks, Execution x, Map<String, String> mounts,
            EnvGroup env, int proxyPort) {
        Server.Builder s = Server.builder()
                .image(d.image())
                .nodes(nodes)
                .instances(instances)
                .tasks(tasks)
                .port(d.port())
                .healthPath(d.healthPath() == null ? "/health" : d.healthPath())
                .readinessTimeoutSeconds(x.readinessTimeoutSeconds())
                .command(d.command())
                .env(env);
        if (d.preCmd() != null && !d.preCmd().isBlank()) {
            s.preCmd(d.preCmd());
        }
        if (d.checkpointPath() != null) {
            s.checkpointPath(d.checkpointPath());
        }
        if (d.cachePath() != null) {
            s.cachePath(d.cachePath());
        }
        mounts.forEach((src, dst) -> s.mount(mount(src, dst)));
        if (proxyPort > 0) {
            Execution.Proxy p = x.proxy();
            s.proxy(new Server.Proxy(p.image(), proxyPort, x.proxyHealthPath(d), p.healthCheckStatus()));
        }
        return s.build();
    }

    private static Evaluation evaluation(EvaluationPlan plan, PlannedTask task, String version) {
        EvalConfig m = plan.model();
        io.jenkins.plugins.slurmevaluate.config.model.Evaluation.Task t = task.task();
        Evaluation.Builder e = Evaluation.builder()
                .image(task.image())
                .runConfigYaml(runConfig(plan, task, version))
                .env(group(task, task.jobName()))
                .unresolvedConfig(plan.config().sourceText());
        m.execution().mounts().evaluation().forEach((src, dst) -> e.mount(mount(src, dst)));
        if (t.datasetDir() != null) {
            e.dataset(t.datasetDir(), t.datasetMountPath() == null ? "/datasets" : t.datasetMountPath());
        }
        String pre = t.preCmd() != null ? t.preCmd() : m.evaluation().preCmd();
        String post = t.postCmd() != null ? t.postCmd() : m.evaluation().postCmd();
        if (pre != null && !pre.isBlank()) {
            e.preCmd(pre);
        }
        if (post != null && !post.isBlank()) {
            e.postCmd(post);
        }
        if (m.execution().evaluationGpuVisible() != null) {
            e.visibleDevices(m.execution().evaluationGpuVisible());
        }
        return e.build();
    }

    /**
     * The nemo-evaluator run config: {@code nemo_evaluator_config} (evaluation level, deep-merged with the task's),
     * plus what the launcher fills in when the user did not set it (reference b.18).
     */
    static String runConfig(EvaluationPlan plan, PlannedTask task, String version) {
        Map<String, Object> root = deepCopy(task.nemoEvaluatorConfig());
        Map<String, Object> endpoint = child(child(root, "target"), "api_endpoint");
        endpoint.putIfAbsent("url", task.endpointUrl());
        endpoint.putIfAbsent("model_id", task.modelId());
        endpoint.putIfAbsent("type", task.endpointType());
        String apiKeyName = plan.model().target().apiKeyName();
        if (apiKeyName != null && !apiKeyName.isBlank()) {
            endpoint.putIfAbsent("api_key_name", apiKeyName);
        }
        Map<String, Object> config = child(root, "config");
        config.putIfAbsent("type", task.resolved().unlisted() ? task.resolved().qualifiedName() : task.resolved().task());
        config.putIfAbsent("output_dir", "/results");
        Map<String, Object> metadata = child(root, "metadata");
        // its references to auxiliary deployments are translated too: the launcher replaces them in the whole text
        metadata.putIfAbsent("launcher_resolved_config", new AuxiliaryReferences(plan.model().auxiliaryDeployments(),
                plan.config().tree()).translate(plainTree(plan.config().toYaml()), "", new ArrayList<>()));
        metadata.putIfAbsent("versioning", Map.of("slurm-evaluate", version));
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setWidth(Integer.MAX_VALUE);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(o), o).dump(root);
    }

    /** The group of that name converted for the renderer, resolved values included; empty when the config has none. */
    static EnvGroup group(PlannedTask task, String name) {
        List<EnvGroup.Var> vars = new ArrayList<>();
        task.envGroups().stream().filter(g -> g.name().equals(name)).findFirst().ifPresent(g -> g.vars().forEach((key, v) -> {
            EnvValue.Kind kind = v.spec().kind();
            if (kind == EnvValue.Kind.RUNTIME) {
                vars.add(EnvGroup.Var.runtime(key, v.spec().text()));
            } else if (kind == EnvValue.Kind.HOST) {
                vars.add(EnvGroup.Var.host(key, v.value().reveal()));
            } else {
                vars.add(EnvGroup.Var.lit(key, v.value().reveal()));
            }
        }));
        return new EnvGroup(name, vars);
    }

    /** {@code execution.mounts} entries are {@code host: container[:options]}. */
    static Mount mount(String source, String target) {
        int colon = target.indexOf(':');
        return colon < 0 ? Mount.of(source, target)
                : new Mount(source, target.substring(0, colon), java.util.Optional.of(target.substring(colon + 1)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (v instanceof Map<?, ?> existing) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
            parent.put(key, copy);
            return copy;
        }
        Map<String, Object> fresh = new LinkedHashMap<>();
        parent.put(key, fresh);
        return fresh;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
        return copy;
    }

    private static Object plainTree(String yaml) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }
}
