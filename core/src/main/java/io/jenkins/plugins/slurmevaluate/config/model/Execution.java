package io.jenkins.plugins.slurmevaluate.config.model;

import io.jenkins.plugins.slurmevaluate.config.time.SlurmTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code execution} (type slurm): where and how the jobs run (reference a.3, plus {@code mpi} and
 * {@code max_chain_links}). Nullable components are marked; all others are always set.
 *
 * @param hostname                 login node to reach over ssh
 * @param username                 ssh user
 * @param usernameFromEnvironment  true if the username came from {@code ${oc.env:USER}} of this machine (P-55)
 * @param account                  {@code #SBATCH --account}
 * @param outputDir                absolute remote root directory
 * @param partition                {@code #SBATCH --partition}
 * @param cpuPartition             partition of the export job, or null for {@code partition}
 * @param numNodes                 nodes of the primary deployment
 * @param numInstances             independent server instances (haproxy in front when > 1)
 * @param ntasksPerNode            {@code #SBATCH --ntasks-per-node}
 * @param gres                     {@code #SBATCH --gres}, or null to leave it out (also for "")
 * @param gpusPerNode              {@code #SBATCH --gpus-per-node}, or null
 * @param walltime                 {@code #SBATCH --time} of each job
 * @param maxWalltime              cap on the summed run time of a resume chain, or null for none
 * @param maxChainLinks            cap on the number of jobs in a resume chain as written, or null for the derived
 *                                 one ({@link #chainLinkCap})
 * @param maxStalledLinks          the stall guard: the chain stops after this many links in a row that each ended
 *                                 quickly without progress; null turns it off
 * @param endpointReadinessTimeout seconds to wait for health checks, or null for the walltime (3600 if unlimited)
 * @param subproject               middle part of the job name
 * @param sbatchComment            {@code #SBATCH --comment} text (unquoted; the renderer quotes it), or null
 * @param sbatchExtraFlags         flag → {@code Boolean.TRUE} (bare flag), {@code Boolean.FALSE} or null (left out),
 *                                 or the value as a string; in the order written
 * @param deploymentNTasks         {@code execution.deployment.n_tasks}: total srun tasks over all instances
 * @param mpi                      srun {@code --mpi} type
 * @param mounts                   {@code execution.mounts}
 * @param proxy                    {@code execution.proxy}
 * @param autoExport               {@code execution.auto_export}, or null
 * @param evaluationGpuVisible     value of {@code NVIDIA_VISIBLE_DEVICES} for the evaluation ({@code all} for
 *                                 {@code true}), or null to leave it unset
 */
public record Execution(String hostname, String username, boolean usernameFromEnvironment, String account,
        String outputDir, String partition, String cpuPartition, int numNodes, int numInstances, int ntasksPerNode,
        String gres, Integer gpusPerNode, SlurmTime walltime, SlurmTime maxWalltime, Integer maxChainLinks, Integer maxStalledLinks,
        Integer endpointReadinessTimeout, String subproject, String sbatchComment, Map<String, Object> sbatchExtraFlags,
        int deploymentNTasks, Mpi mpi, Mounts mounts, Proxy proxy, AutoExport autoExport, String evaluationGpuVisible) {

    public Execution {
        sbatchExtraFlags = Values.copy(sbatchExtraFlags);
    }

    /** srun's {@code --mpi} plugin; {@code none} leaves the option out (P-20). */
    public enum Mpi {
        PMIX,
        PMI2,
        NONE;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code execution.proxy}: the load balancer in front of several instances.
     *
     * @param type              always {@code haproxy}
     * @param image             container image
     * @param haproxyPort       port the evaluation talks to when {@code num_instances > 1}
     * @param healthCheckPath   haproxy health check path, also the proxy readiness path; null for the health
     *                          endpoint of the servers behind it ({@link #proxyHealthPath})
     * @param healthCheckStatus expected health check status
     */
    public record Proxy(String type, String image, int haproxyPort, String healthCheckPath, int healthCheckStatus) {}

    /**
     * {@code execution.auto_export}: export results after a successful evaluation, in a CPU job.
     *
     * @param destinations       exporter names (mlflow, wandb, gsheets, local, ...)
     * @param launcherInstallCmd command that installs the exporter, or null for the default
     * @param exportMounts       extra mounts of the export job (host → container)
     * @param exportImage        image of the export job, or null for the default
     */
    public record AutoExport(List<String> destinations, String launcherInstallCmd, Map<String, String> exportMounts,
            String exportImage) {
        public AutoExport {
            destinations = List.copyOf(destinations);
            exportMounts = Values.copy(exportMounts);
        }
    }

    /** Seconds to wait for servers to answer their health check (reference b.8, with P-51 fixed). */
    /**
     * The path haproxy health-checks the instances of {@code server} on, which is also where the proxy's own
     * readiness is awaited: {@code proxy.config.health_check_path} when set, else the server's health endpoint
     * (NIM answers on /v1/health/ready, not /health: reference P-29).
     */
    public String proxyHealthPath(Deployment server) {
        return proxy.healthCheckPath() != null ? proxy.healthCheckPath() : server.healthPath();
    }

    /**
     * The cap on the links of a resume chain: {@code max_chain_links} as written; else derived, so that it never
     * stops a healthy chain before max_walltime does: twice the links max_walltime allows at full length, plus 10
     * for links that preemption or node failure end early. Empty (no cap) when max_walltime is null or the
     * walltime unlimited; the stall guard still stops links that end at once again and again.
     */
    public java.util.OptionalInt chainLinkCap() {
        if (maxChainLinks != null) {
            return java.util.OptionalInt.of(maxChainLinks);
        }
        return derivedChainLinks(walltime, maxWalltime);
    }

    /** {@code 2 * ceil(maxWalltime / walltime) + 10}, or empty when either has no limit. */
    public static java.util.OptionalInt derivedChainLinks(SlurmTime walltime, SlurmTime maxWalltime) {
        if (walltime == null || maxWalltime == null || walltime.isUnlimited() || maxWalltime.isUnlimited()
                || walltime.seconds() <= 0) {
            return java.util.OptionalInt.empty();
        }
        long full = (maxWalltime.seconds() + walltime.seconds() - 1) / walltime.seconds();
        return java.util.OptionalInt.of((int) Math.min(Integer.MAX_VALUE, 2 * full + 10));
    }

    /** How {@link #chainLinkCap} came about, for the dry run: "50 (derived: ...)" or "12 (max_chain_links)". */
    public String chainLinkCapText() {
        java.util.OptionalInt cap = chainLinkCap();
        if (maxChainLinks != null) {
            return maxChainLinks + " (max_chain_links)";
        }
        if (cap.isEmpty()) {
            return "none (" + (maxWalltime == null ? "max_walltime is null" : "the walltime is unlimited")
                    + "; the stall guard still applies)";
        }
        return cap.getAsInt() + " (derived: 2 x ceil(max_walltime " + maxWalltime.text() + " / walltime "
                + walltime.text() + ") + 10)";
    }

    public long readinessTimeoutSeconds() {
        if (endpointReadinessTimeout != null) {
            return endpointReadinessTimeout;
        }
        return walltime.isUnlimited() ? 3600 : walltime.seconds();
    }

    /** The {@code #SBATCH --<flag> [value]} entries to emit, in order: {@code [flag]} or {@code [flag, value]}. */
    public List<List<String>> emittedSbatchFlags() {
        List<List<String>> out = new ArrayList<>();
        sbatchExtraFlags.forEach((flag, value) -> {
            if (Boolean.TRUE.equals(value)) {
                out.add(List.of(flag));
            } else if (value instanceof String s) {
                out.add(List.of(flag, s));
            }
        });
        return out;
    }
}
