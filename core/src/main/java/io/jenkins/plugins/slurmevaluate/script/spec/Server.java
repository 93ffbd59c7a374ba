package io.jenkins.plugins.slurmevaluate.script.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model server that the job starts in the background and waits for: the primary deployment or one auxiliary
 * deployment. Each is rendered from its own fields only, so an auxiliary never inherits the primary's command or
 * port (P-21).
 *
 * @param image the container image
 * @param nodes nodes of all instances together
 * @param instances independent copies, each on {@code nodes / instances} nodes; more than one needs a {@code proxy}
 * @param tasks srun tasks of all instances together; each instance gets {@code tasks / instances}
 * @param port where each instance's head serves HTTP
 * @param healthPath answers 2xx once the server is ready
 * @param readinessTimeoutSeconds how long the job waits for readiness before it fails
 * @param command the server command (bash), run in every task with {@code PROC_ID}, {@code NODES_PER_INSTANCE},
 *     {@code MASTER_IP} and {@code ALL_NODE_IPS} set
 * @param preCmd bash run in the same shell before the command (so its exports reach it); empty for none
 * @param checkpointPath mounted read-only at {@code /checkpoint}
 * @param cachePath mounted at {@code /cache}
 * @param extraMounts mounted after the derived ones, in order
 * @param env this server's environment group
 * @param proxy the haproxy in front of the instances, when there are several
 */
public record Server(String image, int nodes, int instances, int tasks, int port, String healthPath,
        long readinessTimeoutSeconds, String command, String preCmd, Optional<String> checkpointPath,
        Optional<String> cachePath, List<Mount> extraMounts, EnvGroup env, Optional<Proxy> proxy) {

    /**
     * An haproxy that spreads requests over the instances' heads. It runs on the job's first node, where the
     * evaluation runs too.
     *
     * @param image the haproxy container image
     * @param port where it listens
     * @param healthPath haproxy's {@code option httpchk GET} path, also used to wait for the proxy
     * @param expectStatus haproxy's {@code http-check expect status}
     */
    public record Proxy(String image, int port, String healthPath, int expectStatus) {

        public Proxy {
            Checks.nonEmpty("proxy image", image);
            Checks.port("proxy port", port);
            Checks.httpPath("proxy health path", healthPath);
            if (expectStatus < 100 || expectStatus > 599) {
                throw new IllegalArgumentException("proxy health status must be an HTTP status, not " + expectStatus);
            }
        }
    }

    public Server {
        Checks.nonEmpty("server image", image);
        Checks.positive("server nodes", nodes);
        Checks.positive("server instances", instances);
        Checks.positive("server tasks", tasks);
        if (nodes % instances != 0) {
            throw new IllegalArgumentException("server instances (" + instances + ") must divide its nodes (" + nodes + ")");
        }
        if (tasks % instances != 0) {
            throw new IllegalArgumentException("server instances (" + instances + ") must divide its tasks (" + tasks
                    + "): each instance runs tasks / instances of them (P-19)");
        }
        Checks.port("server port", port);
        Checks.httpPath("server health path", healthPath);
        if (readinessTimeoutSeconds < 1) {
            throw new IllegalArgumentException("server readiness timeout must be at least 1 s, not " + readinessTimeoutSeconds);
        }
        Checks.text("server command", command);
        if (command.isBlank()) {
            throw new IllegalArgumentException("server command is empty");
        }
        Checks.text("server pre_cmd", preCmd);
        checkpointPath.ifPresent(p -> Checks.mountPath("checkpoint path", p));
        cachePath.ifPresent(p -> Checks.mountPath("cache path", p));
        extraMounts = List.copyOf(extraMounts);
        if (env == null) {
            throw new IllegalArgumentException("server environment group is missing");
        }
        if (instances > 1 && proxy.isEmpty()) {
            throw new IllegalArgumentException(instances + " server instances need a proxy in front of them");
        }
    }

    public int nodesPerInstance() {
        return nodes / instances;
    }

    public int tasksPerInstance() {
        return tasks / instances;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: one node, one instance, one task, port 8000, {@code /health}, no pre_cmd, no mounts. */
    public static final class Builder {
        private String image;
        private int nodes = 1;
        private int instances = 1;
        private Integer tasks;
        private int port = 8000;
        private String healthPath = "/health";
        private long readinessTimeoutSeconds = 3600;
        private String command;
        private String preCmd = "";
        private Optional<String> checkpointPath = Optional.empty();
        private Optional<String> cachePath = Optional.empty();
        private final List<Mount> extraMounts = new ArrayList<>();
        private EnvGroup env;
        private Optional<Proxy> proxy = Optional.empty();

        private Builder() {}

        public Builder image(String image) { this.image = image; return this; }
        public Builder nodes(int nodes) { this.nodes = nodes; return this; }
        public Builder instances(int instances) { this.instances = instances; return this; }
        /** Defaults to {@code nodes}, one task per node. */
        public Builder tasks(int tasks) { this.tasks = tasks; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder healthPath(String healthPath) { this.healthPath = healthPath; return this; }
        public Builder readinessTimeoutSeconds(long seconds) { this.readinessTimeoutSeconds = seconds; return this; }
        public Builder command(String command) { this.command = command; return this; }
        public Builder preCmd(String preCmd) { this.preCmd = preCmd; return this; }
        public Builder checkpointPath(String path) { this.checkpointPath = Optional.of(path); return this; }
        public Builder cachePath(String path) { this.cachePath = Optional.of(path); return this; }
        public Builder mount(Mount mount) { this.extraMounts.add(mount); return this; }
        public Builder env(EnvGroup env) { this.env = env; return this; }
        public Builder proxy(Proxy proxy) { this.proxy = Optional.of(proxy); return this; }

        public Server build() {
            return new Server(image, nodes, instances, tasks == null ? nodes : tasks, port, healthPath,
                    readinessTimeoutSeconds, command, preCmd, checkpointPath, cachePath, extraMounts, env, proxy);
        }
    }
}
