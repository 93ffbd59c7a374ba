package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.model.Execution;
import io.jenkins.plugins.slurmevaluate.config.model.Mounts;
import io.jenkins.plugins.slurmevaluate.config.time.SlurmTime;
import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks {@code execution} (reference a.3; pitfalls P-1, P-2, P-3, P-19, P-20, P-26, P-27, P-55). */
final class ExecutionBuilder {

    /** Flags the header sets itself: setting them again would conflict or break resume. */
    private static final Map<String, String> OWN_FLAGS = Map.ofEntries(
            Map.entry("time", "execution.walltime"), Map.entry("t", "execution.walltime"),
            Map.entry("account", "execution.account"), Map.entry("A", "execution.account"),
            Map.entry("partition", "execution.partition"), Map.entry("p", "execution.partition"),
            Map.entry("nodes", "execution.num_nodes"), Map.entry("N", "execution.num_nodes"),
            Map.entry("ntasks-per-node", "execution.ntasks_per_node"),
            Map.entry("gpus-per-node", "execution.gpus_per_node"), Map.entry("gres", "execution.gres"),
            Map.entry("job-name", "execution.subproject"),
            Map.entry("J", "execution.subproject"), Map.entry("output", "(the task's logs directory)"),
            Map.entry("o", "(the task's logs directory)"), Map.entry("error", "(the task's logs directory)"));

    /** Flags that would break the resume chain (docs/chain-protocol.md), with the reason. */
    private static final Map<String, String> CHAIN_FLAGS = Map.of(
            "requeue", "--requeue would let Slurm run a link again under the same job id, which breaks the resume "
                    + "chain (every link is a new job that decides from its predecessor's final state, "
                    + "docs/chain-protocol.md); the chain already resumes after TIMEOUT, PREEMPTED and NODE_FAIL",
            "no-requeue", "--no-requeue is always set: a resume is a new job of the chain, never a requeue",
            "dependency", "--dependency is how each link queues its successor (afternotok:<its job id>); a "
                    + "dependency of your own would hold every link of the chain, and the chain reads none of it");

    /** The reference's max_walltime when the key is absent. */
    static final String DEFAULT_MAX_WALLTIME = "120:00:00";

    /** The stall guard's default: links in a row that ended quickly without progress (docs/chain-protocol.md). */
    static final int DEFAULT_MAX_STALLED_LINKS = 5;

    private static final Pattern FLAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private final Problems problems;

    ExecutionBuilder(Problems problems) {
        this.problems = problems;
    }

    Execution build(Section s, boolean usernameFromEnvironment, Set<String> auxiliaryNames) {
        String type = s.string("type", "slurm");
        if (type != null && !type.equals("slurm")) {
            s.problem("type", "'" + type + "' is not supported: slurm-evaluate runs on Slurm only (type: slurm)");
        }
        s.forbid("env_vars", "execution.env_vars is no longer supported: use top-level env_vars for every job, "
                + "deployment.env_vars or evaluation.env_vars for one side (values host:NAME, lit:TEXT or runtime:NAME)");
        String hostname = s.required("hostname", "the login node to ssh to, e.g. login.cluster.example.com");
        String username = s.required("username", "the ssh user on the cluster");
        String account = s.required("account", "the Slurm account to charge (#SBATCH --account)");
        String outputDir = s.required("output_dir", "an absolute directory shared with the compute nodes");
        if (outputDir != null && !outputDir.startsWith("/")) {
            s.problem("output_dir", "'" + outputDir + "' must be an absolute path (starting with /) on a file system "
                    + "the compute nodes share; a relative path would depend on the ssh login directory");
            outputDir = null;
        }
        String partition = s.required("partition", "the Slurm partition (#SBATCH --partition)");
        String cpuPartition = s.string("cpu_partition");
        Integer numNodesRead = s.integer("num_nodes", 1, 1, false);
        int numNodes = orOne(numNodesRead);
        int numInstances = orOne(s.integer("num_instances", 1, 1, false));
        if (numNodes % numInstances != 0) {
            s.problem("num_instances", "num_nodes (" + numNodes + ") must be divisible by num_instances ("
                    + numInstances + "): each instance gets num_nodes / num_instances nodes");
        }
        int ntasksPerNode = orOne(s.integer("ntasks_per_node", 1, 1, false));
        String gres = s.string("gres");
        Integer gpusPerNode = s.integer("gpus_per_node", null, 0, true);
        SlurmTime walltime = s.time("walltime", false);
        if (walltime == null && !s.has("walltime") && !s.isMissing("walltime") && s.node("walltime") == null) {
            walltime = SlurmTime.parse("01:00:00");
        }
        // like the reference (EXE:754), a config without the key gets 120:00:00; null is no cap
        SlurmTime maxWalltime = s.map().has("max_walltime") ? s.time("max_walltime", true) : SlurmTime.parse(DEFAULT_MAX_WALLTIME);
        if (maxWalltime != null && maxWalltime.isUnlimited()) {
            s.problem("max_walltime", "write max_walltime: null for no cap on the resume chain, not "
                    + maxWalltime.text());
            maxWalltime = null;
        }
        if (maxWalltime != null && walltime != null && !walltime.isUnlimited() && maxWalltime.seconds() < walltime.seconds()) {
            problems.warn("execution.max_walltime (" + maxWalltime.text() + ") is shorter than execution.walltime ("
                    + walltime.text() + "): no job will be resumed after its first time limit");
        }
        Integer maxChainLinks = s.integer("max_chain_links", null, 1, true); // null: derived (Execution.chainLinkCap)
        Integer maxStalledLinks = s.integer("max_stalled_links", DEFAULT_MAX_STALLED_LINKS, 1, true); // null: off
        if (maxChainLinks != null && maxWalltime != null && walltime != null && !walltime.isUnlimited()
                && (long) maxChainLinks * walltime.seconds() < maxWalltime.seconds()) {
            problems.warn("execution.max_chain_links (" + maxChainLinks + ") ends a chain of " + walltime.text()
                    + " links after " + maxChainLinks * walltime.seconds() / 3600.0 + " h at most, before max_walltime ("
                    + maxWalltime.text() + "); leave it null for a cap derived from max_walltime / walltime");
        }
        Integer readiness = s.integer("endpoint_readiness_timeout", null, 1, true);
        String subproject = s.required("subproject", "the middle part of the job name");
        String comment = s.string("sbatch_comment");
        if (comment != null && (comment.contains("\n") || comment.contains("\r"))) {
            s.problem("sbatch_comment", "must be one line: it goes on an #SBATCH line");
            comment = null;
        }
        Section extra = s.section("sbatch_extra_flags");
        Map<String, Object> flags = sbatchFlags(extra);
        // the reference emits sbatch_extra_flags.comment as --comment: take it as the comment; "" means none
        Object extraComment = flags.remove("comment");
        if (extraComment instanceof String c && !c.isEmpty()) {
            if (comment != null && !comment.isEmpty()) {
                extra.problem("comment", "the comment is set twice: keep execution.sbatch_comment or this one");
            } else {
                comment = c;
            }
        }
        Section dep = s.section("deployment");
        // n_tasks defaults to ${execution.num_nodes}: a bad num_nodes is reported once, not twice
        int nTasks = numNodesRead == null && dep.node("n_tasks") != null ? 1 : orOne(dep.integer("n_tasks", numNodes, 1, false));
        if (numNodesRead != null && (nTasks < numInstances || nTasks % numInstances != 0)) {
            dep.problem("n_tasks", "n_tasks (" + nTasks + ") is the TOTAL of deployment tasks over all instances; it "
                    + "must be a multiple of num_instances (" + numInstances + ") and at least that, or an instance "
                    + "would get " + (nTasks / numInstances) + " tasks");
        }
        dep.finish();
        Execution.Mpi mpi = mpi(s);
        // without a valid output_dir (reported above) relative sources resolve under a placeholder, not twice wrong
        Mounts mounts = mounts(s.section("mounts"), auxiliaryNames, outputDir != null ? outputDir : "/output_dir");
        Execution.Proxy proxy = proxy(s.section("proxy"));
        Execution.AutoExport autoExport = autoExport(s);
        String gpuVisible = gpuVisible(s);
        s.finish();
        return new Execution(hostname, username, usernameFromEnvironment, account, outputDir, partition,
                cpuPartition, numNodes, numInstances, ntasksPerNode, gres == null || gres.isEmpty() ? null : gres,
                gpusPerNode, walltime, maxWalltime, maxChainLinks, maxStalledLinks, readiness, subproject, comment, flags, nTasks, mpi,
                mounts, proxy, autoExport, gpuVisible);
    }

    private static int orOne(Integer v) {
        return v == null ? 1 : v;
    }

    private Map<String, Object> sbatchFlags(Section s) {
        Map<String, Object> flags = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : s.map().entries().entrySet()) {
            String flag = e.getKey();
            String owner = OWN_FLAGS.get(flag);
            if (!FLAG.matcher(flag).matches()) {
                s.problem(flag, "'" + flag + "' is not an sbatch option name (write it without the leading --)");
            } else if (CHAIN_FLAGS.containsKey(flag)) {
                s.problem(flag, CHAIN_FLAGS.get(flag));
            } else if (owner != null) {
                s.problem(flag, "--" + flag + " is set by slurm-evaluate itself; use " + owner + " instead");
            } else if (e.getValue() instanceof ScalarNode v && (v.isNull() || v.type() == ScalarNode.Type.BOOL)) {
                flags.put(flag, v.isNull() ? null : v.booleanValue());
            } else if (e.getValue() instanceof ScalarNode v && !v.isMissing()) {
                if (v.isSexagesimalInt()) {
                    s.problem(flag, "unquoted " + v.text() + " is read by YAML 1.1 as the base-60 integer "
                            + v.integerValue() + "; write it quoted: " + flag + ": \"" + v.text() + "\"");
                } else if (v.text().contains("\n") || v.text().contains("\r")) {
                    s.problem(flag, "must be one line: it goes on an #SBATCH line");
                } else {
                    flags.put(flag, v.type() == ScalarNode.Type.INT ? v.integerValue().toString() : v.text());
                }
            } else if (!(e.getValue() instanceof ScalarNode)) {
                s.problem(flag, "must be true, false, null or a single value, not " + Section.describe(e.getValue()));
            }
            s.node(flag);
        }
        return flags;
    }

    private Execution.Mpi mpi(Section s) {
        String mpi = s.string("mpi", "pmix");
        if (mpi == null) {
            return Execution.Mpi.PMIX;
        }
        try {
            return Execution.Mpi.valueOf(mpi.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            s.problem("mpi", "'" + mpi + "' is not an srun --mpi type here; use pmix, pmi2 or none");
            return Execution.Mpi.PMIX;
        }
    }

    private Mounts mounts(Section s, Set<String> auxiliaryNames, String outputDir) {
        Set<String> created = new java.util.LinkedHashSet<>();
        Map<String, String> deployment = mountMap(s, "deployment", outputDir, created);
        Map<String, String> evaluation = mountMap(s, "evaluation", outputDir, created);
        Section aux = s.section("auxiliary");
        Map<String, Map<String, String>> auxiliary = new LinkedHashMap<>();
        for (String name : aux.map().entries().keySet()) {
            if (!auxiliaryNames.contains(name)) {
                aux.problem(name, "there is no auxiliary deployment '" + name + "'"
                        + io.jenkins.plugins.slurmevaluate.config.suggest.DidYouMean.hint(name, auxiliaryNames)
                        + (auxiliaryNames.isEmpty() ? " (auxiliary_deployments is empty)" : ""));
            }
            auxiliary.put(name, mountMap(aux, name, outputDir, created));
        }
        boolean mountHome = s.bool("mount_home", true);
        s.finish();
        return new Mounts(deployment, evaluation, auxiliary, mountHome, created);
    }

    /** host → container mounts; sources must be absolute directories (P-2), targets absolute too. */
    static Map<String, String> mountMap(Section parent, String key) {
        return mountMap(parent, key, null, new java.util.LinkedHashSet<>());
    }

    /**
     * host → container mounts. A relative source (the reference's own {@code ./hf_cache}) is resolved under
     * {@code base}, output_dir: the reference's meaning depends on where sbatch ran (the ssh home, or the task
     * directory after a resume), ours is one absolute path that every link and the staging check agree on. It goes
     * into {@code created}; without a base, relative sources are refused.
     */
    static Map<String, String> mountMap(Section parent, String key, String base, Set<String> created) {
        Section s = parent.section(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (String written : s.map().entries().keySet()) {
            String target = s.string(written);
            String source = written;
            if (!written.startsWith("/") && base != null) {
                source = resolve(base, written);
                created.add(source);
            } else if (!written.startsWith("/")) {
                s.problem(written, "mount source '" + written + "' must be an absolute host directory");
                continue;
            }
            if (target == null || !target.startsWith("/")) {
                s.problem(written, "mount target must be an absolute container path such as /data or /data:ro"
                        + (target == null ? "" : ", not '" + target + "'"));
                continue;
            }
            if (source.contains(",") || target.contains(",")) {
                s.problem(written, "mount paths cannot contain ',' (it separates --container-mounts entries)");
                continue;
            }
            out.put(source, target);
        }
        return out;
    }

    /** {@code rel} under the absolute directory {@code base}, with "." and ".." segments folded (POSIX paths). */
    static String resolve(String base, String rel) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String p : (base + "/" + rel).split("/")) {
            if (p.equals("..")) {
                parts.pollLast();
            } else if (!p.isEmpty() && !p.equals(".")) {
                parts.addLast(p);
            }
        }
        return "/" + String.join("/", parts);
    }

    private Execution.Proxy proxy(Section s) {
        String type = s.string("type", "haproxy");
        if (type != null && !type.equals("haproxy")) {
            s.problem("type", "'" + type + "' is not supported; the only proxy type is haproxy");
        }
        String image = s.string("image", "haproxy:latest");
        Section c = s.section("config");
        Integer port = c.integer("haproxy_port", 5009, 1, false);
        if (port != null && port > 65535) {
            c.problem("haproxy_port", "must be a TCP port (1-65535), not " + port);
        }
        String path = c.string("health_check_path"); // null: the health endpoint of the servers behind it
        if (path != null && !path.startsWith("/")) {
            c.problem("health_check_path", "must start with /, not '" + path + "'");
        }
        Integer status = c.integer("health_check_status", 200, 100, false);
        c.finish();
        s.finish();
        return new Execution.Proxy("haproxy", image, port == null ? 5009 : port, path, status == null ? 200 : status);
    }

    private Execution.AutoExport autoExport(Section s) {
        Node n = s.node("auto_export");
        if (n == null || n instanceof ScalarNode sc && (sc.isNull() || sc.isMissing())) {
            return null;
        }
        if (n instanceof ListNode) {
            return new Execution.AutoExport(destinations(s, "auto_export", s.stringList("auto_export")), null, Map.of(), null);
        }
        if (!(n instanceof MapNode)) {
            s.problem("auto_export", "must be a list of destinations ([mlflow]) or a mapping with destinations:");
            return null;
        }
        Section a = s.section("auto_export");
        List<String> destinations = destinations(a, "destinations", a.stringList("destinations"));
        String install = a.string("launcher_install_cmd");
        Map<String, String> mounts = mountMap(a, "export_mounts");
        String image = a.string("export_image");
        a.finish();
        return new Execution.AutoExport(destinations, install, mounts, image);
    }

    /** The reference's exporters: a typo would otherwise surface only after the evaluation, when the export runs. */
    static final List<String> EXPORT_DESTINATIONS = List.of("gsheets", "local", "mlflow", "wandb");

    private static List<String> destinations(Section s, String key, List<String> names) {
        if (names == null) {
            return List.of();
        }
        for (String d : names) {
            if (d != null && !EXPORT_DESTINATIONS.contains(d)) {
                s.problem(key, "'" + d + "' is not an export destination (" + String.join(", ", EXPORT_DESTINATIONS) + ")"
                        + io.jenkins.plugins.slurmevaluate.config.suggest.DidYouMean.hint(d, EXPORT_DESTINATIONS));
            }
        }
        return names;
    }

    private static String gpuVisible(Section s) {
        Node n = s.node("evaluation_gpu_visible");
        if (n instanceof ScalarNode sc && sc.type() == ScalarNode.Type.BOOL) {
            return sc.booleanValue() ? "all" : null;
        }
        String v = s.string("evaluation_gpu_visible");
        return v == null || v.isEmpty() ? null : v;
    }
}
