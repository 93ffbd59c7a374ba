package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.Auxiliary;
import io.jenkins.plugins.slurmevaluate.script.spec.Mount;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import io.jenkins.plugins.slurmevaluate.script.spec.Server;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The blocks of one model server (the deployment, or one auxiliary deployment): its nodes and their addresses, one
 * background srun per instance, and the wait until it is ready (with its haproxy when it has several instances).
 * Shell variables are named after {@link #stem}: {@code SE_MODEL_*} for the deployment, {@code SE_AUX_<P>_*} for an
 * auxiliary deployment.
 */
final class ServerSection {

    private final ScriptSpec spec;
    private final SecretsFile secrets;
    private final Server server;
    private final Optional<Auxiliary> aux;
    private final int firstNode;

    private ServerSection(ScriptSpec spec, SecretsFile secrets, Server server, Optional<Auxiliary> aux, int firstNode) {
        this.spec = spec;
        this.secrets = secrets;
        this.server = server;
        this.aux = aux;
        this.firstNode = firstNode;
    }

    static ServerSection deployment(ScriptSpec spec, SecretsFile secrets, Server server) {
        return new ServerSection(spec, secrets, server, Optional.empty(), 0);
    }

    static ServerSection auxiliary(ScriptSpec spec, SecretsFile secrets, Auxiliary aux, int firstNode) {
        return new ServerSection(spec, secrets, aux.server(), Optional.of(aux), firstNode);
    }

    /** The prefix of this server's shell variables. */
    String stem() {
        return aux.map(a -> "SE_AUX_" + a.envPrefix()).orElse("SE_MODEL");
    }

    String label() {
        return aux.map(a -> "auxiliary deployment " + a.name()).orElse("deployment");
    }

    /**
     * The URL through which the evaluation, on the first node, reaches this server: an auxiliary deployment's names
     * its host as the launcher's does (a.6), its first node, or the first node for its proxy when it has several
     * instances; {@code AuxiliaryReferences} shows the same URL in the dry run.
     */
    String baseUrl() {
        if (aux.isEmpty()) {
            return Shell.quote("http://127.0.0.1:" + server.proxy().map(Server.Proxy::port).orElse(server.port()));
        }
        return server.proxy().isPresent()
                ? "\"http://${PRIMARY_NODE}:" + server.proxy().get().port() + "\""
                : "\"http://${" + aux.get().envPrefix() + "_PRIMARY_NODE}:" + server.port() + "\"";
    }

    /** This server's nodes, from the job's node list, and the first address of each. */
    void nodes(Lines out) {
        String s = stem();
        out.add(s + "_NODES=(\"${SE_NODES[@]:" + firstNode + ":" + server.nodes() + "}\")");
        out.add("SE_OUT=$(_se_node_ips \"${" + s + "_NODES[@]}\") || exit 1");
        out.add("mapfile -t " + s + "_IPS <<<\"$SE_OUT\"");
        out.add(s + "_IP_LIST=$(_se_join , \"${" + s + "_IPS[@]}\")");
        // the launcher's names for them (b.7, b.8, b.9), exported so that a site's commands that read them still work
        if (aux.isEmpty()) {
            out.add("export ALL_NODE_IPS=\"$" + s + "_IP_LIST\"");
            return;
        }
        String p = aux.get().envPrefix();
        out.add(p + "_NODELIST=$(_se_join , \"${" + s + "_NODES[@]}\")");
        out.add("export " + p + "_NUM_NODES=" + server.nodes() + " " + p + "_NODELIST " + p + "_PRIMARY_NODE=\"${" + s
                + "_NODES[0]}\" " + p + "_MASTER_IP=\"${" + s + "_IPS[0]}\" " + p + "_ALL_NODE_IPS=\"$" + s + "_IP_LIST\"");
    }

    /** One background srun per instance, each in a subshell that holds this server's environment. */
    void start(Lines out) {
        String s = stem();
        out.section(label() + ": " + count(server.instances(), "instance") + " of " + count(server.nodesPerInstance(), "node")
                + " and " + count(server.tasksPerInstance(), "task") + ", started in the background");
        out.add(s + "_PIDS=()");
        for (int g = 0; g < server.instances(); g++) {
            if (server.instances() > 1) {
                out.add("# instance " + g);
            }
            out.add("(");
            Environment.export(out, secrets, server.env(), "    ");
            out.add("    export MASTER_IP=\"${" + s + "_IPS[" + g * server.nodesPerInstance() + "]}\" ALL_NODE_IPS=\"$"
                    + s + "_IP_LIST\"");
            aux.ifPresent(a -> out.add("    export " + a.envPrefix() + "_MASTER_IP=\"$MASTER_IP\" " + a.envPrefix()
                    + "_PRIMARY_NODE=\"${" + s + "_NODES[0]}\""));
            out.add(srun(g).render("    "));
            out.add(") &");
            out.add(s + "_PIDS+=(\"$!\")");
        }
        out.add("SE_BACKGROUND_PIDS+=(\"${" + s + "_PIDS[@]}\")");
    }

    /**
     * How a readiness wait ends its line: in the background, and the batch shell waits for it with {@code wait}. A
     * foreground command would defer the shell's SIGTERM trap until it ends (up to a 5 s sleep plus a 10 s curl),
     * and Slurm's SIGKILL comes KillWait (often 5 s) after the SIGTERM: the link would die without its exit events.
     * {@code wait} returns at once when a trapped signal arrives.
     */
    static final String WAIT = " & wait $! || exit 1";

    /** Waits for every instance, then starts and waits for the haproxy in front of them. */
    void readiness(Lines out) {
        String s = stem();
        String timeout = Long.toString(server.readinessTimeoutSeconds());
        String pids = "\"${" + s + "_PIDS[@]}\"";
        if (server.proxy().isEmpty()) {
            out.add("_se_wait_ready " + Shell.quote(label()) + " " + urlOf(0) + " " + timeout + " "
                    + Shell.quote(logPattern(0)) + " " + pids + WAIT);
            return;
        }
        Server.Proxy proxy = server.proxy().get();
        List<String> heads = new ArrayList<>();
        for (int g = 0; g < server.instances(); g++) {
            out.add("_se_wait_ready " + Shell.quote(label() + " instance " + g) + " " + urlOf(g) + " " + timeout + " "
                    + Shell.quote(logPattern(g)) + " " + pids + WAIT);
            heads.add("\"${" + s + "_IPS[" + g * server.nodesPerInstance() + "]}\"");
        }
        out.add("_se_write_proxy_config " + Shell.quote(proxyTemplate()) + " " + Shell.quote(proxyConfig()) + " "
                + String.join(" ", heads) + " || exit 1");
        Command haproxy = Command.of("srun").flag("--overlap")
                .optionExpansion("--nodelist", "\"$PRIMARY_NODE\"")
                .option("--nodes", "1")
                .option("--ntasks", "1")
                .option("--container-image", proxy.image())
                .option("--container-mounts", Mount.readOnly(proxyConfig(), "/usr/local/etc/haproxy/haproxy.cfg").spec());
        if (!spec.mountHome()) {
            haproxy.flag("--no-container-mount-home");
        }
        haproxy.option("--output", proxyLogPattern()).then("haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg");
        out.add(haproxy.render("") + " &");
        out.add(s + "_PROXY_PID=$!");
        out.add("SE_BACKGROUND_PIDS+=(\"$" + s + "_PROXY_PID\")");
        out.add("_se_wait_ready " + Shell.quote(label() + " proxy") + " "
                + Shell.quote("http://127.0.0.1:" + proxy.port() + proxy.healthPath()) + " " + timeout + " "
                + Shell.quote(proxyLogPattern()) + " \"$" + s + "_PROXY_PID\" " + pids + WAIT);
    }

    /** The haproxy config template to upload, when this server has a proxy. */
    Optional<RenderedFile> proxyTemplateFile() {
        return server.proxy().map(p -> RenderedFile.of(proxyTemplate(), HaproxyConfig.render(server), 0644));
    }

    private Command srun(int instance) {
        Command srun = Command.of("exec srun");
        spec.mpi().option().ifPresent(m -> srun.option("--mpi", m));
        srun.flag("--overlap")
                .optionExpansion("--nodelist", "\"$(_se_join , \"${" + stem() + "_NODES[@]:"
                        + instance * server.nodesPerInstance() + ":" + server.nodesPerInstance() + "}\")\"")
                .option("--nodes", Integer.toString(server.nodesPerInstance()))
                .option("--ntasks", Integer.toString(server.tasksPerInstance()))
                .option("--container-image", server.image());
        String mounts = String.join(",", mounts().stream().map(Mount::spec).toList());
        if (!mounts.isEmpty()) {
            srun.option("--container-mounts", mounts);
        }
        if (!spec.mountHome()) {
            srun.flag("--no-container-mount-home");
        }
        List<String> provided = new ArrayList<>(List.of("MASTER_IP", "ALL_NODE_IPS"));
        aux.ifPresent(a -> provided.addAll(List.of(a.envPrefix() + "_MASTER_IP", a.envPrefix() + "_PRIMARY_NODE")));
        return srun.option("--container-env", Environment.containerEnv(server.env(), provided))
                .option("--output", logPattern(instance))
                .then("bash", "-c")
                .expansion("\"$_SE_SERVER_RUNNER\"")
                .arg(aux.isEmpty() ? "deployment" : aux.get().name(), Integer.toString(server.nodesPerInstance()),
                        server.preCmd(), server.command());
    }

    /** Reference a.4: the deployment sees /results; an auxiliary deployment does not. */
    private List<Mount> mounts() {
        List<Mount> mounts = new ArrayList<>();
        if (aux.isEmpty()) {
            mounts.add(Mount.of(spec.layout().artifactsDir(), "/results"));
        }
        server.checkpointPath().ifPresent(p -> mounts.add(Mount.readOnly(p, "/checkpoint")));
        server.cachePath().ifPresent(p -> mounts.add(Mount.of(p, "/cache")));
        mounts.addAll(server.extraMounts());
        return mounts;
    }

    private String urlOf(int instance) {
        String head = server.instances() == 1 && aux.isEmpty()
                ? "127.0.0.1"
                : "${" + stem() + "_IPS[" + instance * server.nodesPerInstance() + "]}";
        return "\"http://" + head + ":" + server.port() + "\"" + Shell.quote(server.healthPath());
    }

    private String logPattern(int instance) {
        TaskLayout layout = spec.layout();
        return aux.map(a -> layout.auxServerLogPattern(a.name(), instance)).orElseGet(() -> layout.serverLogPattern(instance));
    }

    private String proxyLogPattern() {
        return aux.map(a -> spec.layout().auxProxyLogPattern(a.name())).orElseGet(spec.layout()::proxyLogPattern);
    }

    private String proxyTemplate() {
        return aux.map(a -> spec.layout().auxProxyConfigTemplate(a.name())).orElseGet(spec.layout()::proxyConfigTemplate);
    }

    private String proxyConfig() {
        return aux.map(a -> spec.layout().auxProxyConfig(a.name())).orElseGet(spec.layout()::proxyConfig);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
