package io.jenkins.plugins.slurmevaluate.script.spec;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Everything {@code run.sub} and {@code .secrets.env} of one task are rendered from, and nothing else. An immutable
 * value checked on construction: a spec that exists can be rendered, and every message names the field at fault.
 *
 * <p>Nodes: the job's first {@code header.nodes - Σ auxiliary nodes} nodes belong to the deployment (exactly its
 * nodes, when there is one) and the evaluation runs on the first of them; each auxiliary deployment gets the next
 * ones, in order.
 *
 * @param invocationId 16 lowercase hex digits
 * @param layout every remote path of the task
 * @param mpi the {@code --mpi} of the server sruns
 * @param mountHome false adds {@code --no-container-mount-home} to every container
 * @param deployment the model server; empty when the evaluation calls an external endpoint
 * @param auxiliaries extra servers, in order
 * @param export the auto-export job, submitted by the link that ends the chain successfully; empty for none
 */
public record ScriptSpec(String invocationId, TaskLayout layout, SbatchHeader header, Mpi mpi, boolean mountHome,
        Optional<Server> deployment, List<Auxiliary> auxiliaries, Evaluation evaluation, Chain chain,
        Optional<Export> export) {

    /** Slurm's MPI plugin for the server sruns: {@code pmix}, {@code pmi2}, or {@code none} for no {@code --mpi}. */
    public enum Mpi {
        PMIX, PMI2, NONE;

        /** The {@code --mpi} value, empty for {@link #NONE}. */
        public Optional<String> option() {
            return this == NONE ? Optional.empty() : Optional.of(name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The budgets of the resume chain (docs/chain-protocol.md, "Budgets"). Only a successor checks them, before it
     * does any work.
     *
     * @param maxLinks at most this many jobs run (the first included); empty for no cap
     * @param maxWalltimeSeconds no new link starts once the earlier links ran this long; empty for no limit
     * @param stallLinks the chain stops once this many of its latest links in a row each ended within
     *     {@code quickSeconds} of starting without moving artifacts/progress: links that end at once, again and
     *     again; 0 turns this guard off
     * @param quickSeconds see {@code stallLinks}
     */
    public record Chain(OptionalInt maxLinks, OptionalLong maxWalltimeSeconds, int stallLinks, long quickSeconds) {

        /** The stall guard's defaults: 5 links in a row, each ended within 10 minutes (or half its time limit). */
        public static final int STALL_LINKS = 5;
        public static final long QUICK_SECONDS = 600;

        public Chain {
            maxLinks.ifPresent(n -> Checks.positive("max_chain_links", n));
            maxWalltimeSeconds.ifPresent(s -> {
                if (s < 1) {
                    throw new IllegalArgumentException("max_walltime must be at least 1 s, not " + s);
                }
            });
            if (stallLinks < 0) {
                throw new IllegalArgumentException("max_stalled_links must be at least 0 (off), not " + stallLinks);
            }
            if (quickSeconds < 1) {
                throw new IllegalArgumentException("the quick-link threshold must be at least 1 s, not " + quickSeconds);
            }
        }

        /** A cap of {@code maxLinks}, with the stall guard's defaults for a time limit of 4 hours. */
        public Chain(int maxLinks, OptionalLong maxWalltimeSeconds) {
            this(OptionalInt.of(maxLinks), maxWalltimeSeconds, STALL_LINKS, QUICK_SECONDS);
        }

        /**
         * The stall guard's threshold for links with this time limit (0: unlimited): 10 minutes, or half the limit
         * when that is shorter, so that a link that ran its whole time limit never counts as quick.
         */
        public static long quickSecondsFor(long timeLimitSeconds) {
            return timeLimitSeconds <= 0 ? QUICK_SECONDS : Math.max(1, Math.min(QUICK_SECONDS, timeLimitSeconds / 2));
        }
    }

    /** Names every srun's environment must leave alone: they change srun itself, or the script sets them. */
    private static final List<String> RESERVED_PREFIXES = List.of("SLURM_", "SRUN_", "SBATCH_", "SALLOC_", "SE_", "_SE_");
    private static final Set<String> RESERVED_NAMES = Set.of("PATH", "PRIMARY_NODE");
    private static final Set<String> SERVER_NAMES = Set.of("MASTER_IP", "ALL_NODE_IPS", "PROC_ID", "NODES_PER_INSTANCE");

    public ScriptSpec {
        if (invocationId == null || !invocationId.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("invocation id must be 16 lowercase hex digits: " + invocationId);
        }
        for (Object part : new Object[] {layout, header, mpi, deployment, auxiliaries, evaluation, chain, export}) {
            if (part == null) {
                throw new IllegalArgumentException("a script spec needs a layout, header, mpi, deployment (or"
                        + " Optional.empty()), auxiliaries, evaluation, chain and export (or Optional.empty())");
            }
        }
        Checks.oneLine("task directory", layout.taskDir());
        if (layout.taskDir().indexOf('\\') >= 0) {
            throw new IllegalArgumentException("task directory cannot contain '\\', which turns off Slurm's %-patterns"
                    + " in --output: " + layout.taskDir());
        }
        auxiliaries = List.copyOf(auxiliaries);
        checkNodes(header, deployment, auxiliaries);
        checkNames(deployment, auxiliaries, evaluation);
        export.ifPresent(x -> checkGroup(x.env(), List.of(), new HashSet<>(Set.of(evaluation.env().name()))));
        checkPorts(deployment, auxiliaries);
    }

    /** Nodes of the deployment, or of the evaluation alone when there is no deployment. */
    public int modelNodes() {
        return header.nodes() - auxiliaries.stream().mapToInt(a -> a.server().nodes()).sum();
    }

    private static void checkNodes(SbatchHeader header, Optional<Server> deployment, List<Auxiliary> auxiliaries) {
        int aux = auxiliaries.stream().mapToInt(a -> a.server().nodes()).sum();
        int model = header.nodes() - aux;
        if (deployment.isPresent() && model != deployment.get().nodes()) {
            throw new IllegalArgumentException("the job's nodes (" + header.nodes() + ") must be the deployment's ("
                    + deployment.get().nodes() + ") plus the auxiliary deployments' (" + aux + ")");
        }
        if (model < 1) {
            throw new IllegalArgumentException("the job's nodes (" + header.nodes() + ") leave none for the evaluation"
                    + " after the auxiliary deployments' (" + aux + ")");
        }
    }

    private static void checkNames(Optional<Server> deployment, List<Auxiliary> auxiliaries, Evaluation evaluation) {
        Set<String> groups = new HashSet<>();
        Set<String> auxNames = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        List<String> evaluationOwned = new ArrayList<>();
        evaluation.dataset().ifPresent(d -> evaluationOwned.add("NEMO_EVALUATOR_DATASET_DIR"));
        evaluation.visibleDevices().ifPresent(d -> evaluationOwned.add("NVIDIA_VISIBLE_DEVICES"));
        for (Auxiliary a : auxiliaries) {
            if (!auxNames.add(a.name()) || !prefixes.add(a.envPrefix())) {
                throw new IllegalArgumentException("auxiliary deployment " + a.name() + ": its name and env prefix ("
                        + a.envPrefix() + ") must be unique");
            }
            a.exportedEndpoints().keySet().forEach(t -> evaluationOwned.add(a.urlVariable(t)));
            evaluationOwned.add(a.modelIdVariable());
            List<String> owned = new ArrayList<>(SERVER_NAMES);
            owned.add(a.envPrefix() + "_MASTER_IP");
            owned.add(a.envPrefix() + "_PRIMARY_NODE");
            checkGroup(a.server().env(), owned, groups);
        }
        deployment.ifPresent(d -> checkGroup(d.env(), List.copyOf(SERVER_NAMES), groups));
        checkGroup(evaluation.env(), evaluationOwned, groups);
    }

    private static void checkGroup(EnvGroup group, List<String> owned, Set<String> groups) {
        if (!groups.add(group.name())) {
            throw new IllegalArgumentException("two environment groups are named " + Checks.printable(group.name()));
        }
        for (String name : group.names()) {
            boolean reserved = RESERVED_NAMES.contains(name) || owned.contains(name)
                    || RESERVED_PREFIXES.stream().anyMatch(name::startsWith);
            if (reserved) {
                throw new IllegalArgumentException("environment group " + Checks.printable(group.name()) + " cannot set " + name + ": the"
                        + " script sets it, or srun itself would read it; set it inside the command instead");
            }
        }
    }

    /** Every proxy listens on the first node, where instance 0 of the deployment listens too. */
    private static void checkPorts(Optional<Server> deployment, List<Auxiliary> auxiliaries) {
        Set<Integer> ports = new HashSet<>();
        deployment.ifPresent(d -> ports.add(d.port()));
        List<Server.Proxy> proxies = new ArrayList<>();
        deployment.flatMap(Server::proxy).ifPresent(proxies::add);
        auxiliaries.forEach(a -> a.server().proxy().ifPresent(proxies::add));
        for (Server.Proxy p : proxies) {
            if (!ports.add(p.port())) {
                throw new IllegalArgumentException("proxy port " + p.port() + " is already used on the first node");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: {@code pmix}, home mounted, no deployment, no auxiliary deployments. */
    public static final class Builder {
        private String invocationId;
        private TaskLayout layout;
        private SbatchHeader header;
        private Mpi mpi = Mpi.PMIX;
        private boolean mountHome = true;
        private Optional<Server> deployment = Optional.empty();
        private final List<Auxiliary> auxiliaries = new ArrayList<>();
        private Evaluation evaluation;
        private Chain chain;
        private Optional<Export> export = Optional.empty();

        private Builder() {}

        public Builder invocationId(String id) { this.invocationId = id; return this; }
        public Builder layout(TaskLayout layout) { this.layout = layout; return this; }
        public Builder header(SbatchHeader header) { this.header = header; return this; }
        public Builder mpi(Mpi mpi) { this.mpi = mpi; return this; }
        public Builder mountHome(boolean mountHome) { this.mountHome = mountHome; return this; }
        public Builder deployment(Server deployment) { this.deployment = Optional.of(deployment); return this; }
        public Builder auxiliary(Auxiliary auxiliary) { this.auxiliaries.add(auxiliary); return this; }
        public Builder evaluation(Evaluation evaluation) { this.evaluation = evaluation; return this; }
        public Builder chain(Chain chain) { this.chain = chain; return this; }
        public Builder export(Export export) { this.export = Optional.of(export); return this; }

        public ScriptSpec build() {
            return new ScriptSpec(invocationId, layout, header, mpi, mountHome, deployment, auxiliaries, evaluation,
                    chain, export);
        }
    }
}
