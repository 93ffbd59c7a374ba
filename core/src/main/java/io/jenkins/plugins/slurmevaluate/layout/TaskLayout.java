package io.jenkins.plugins.slurmevaluate.layout;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Owns every remote path of one task of an invocation: the batch script, the secrets file, the chain files and the
 * log and artifact directories. No other class joins remote paths. The protocol between the batch script, which
 * writes these files, and the watcher, which reads them, is described in {@code docs/chain-protocol.md}.
 */
public final class TaskLayout {

    private static final DateTimeFormatter RUN_DIR_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern INVOCATION_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private final String invocationDir;
    private final String taskDir;

    private TaskLayout(String invocationDir, String taskDir) {
        this.invocationDir = invocationDir;
        this.taskDir = taskDir;
    }

    /**
     * @param outputDir the absolute {@code execution.output_dir} on the cluster
     * @param invocationDirName from {@link #invocationDirName}
     * @param taskName the task's name as configured (made filesystem-safe here)
     * @param index the task's position in {@code evaluation.tasks}
     */
    public static TaskLayout of(String outputDir, String invocationDirName, String taskName, int index) {
        if (!outputDir.startsWith("/")) {
            throw new IllegalArgumentException("output_dir must be absolute: " + outputDir);
        }
        String root = outputDir.endsWith("/") && outputDir.length() > 1 ? outputDir.substring(0, outputDir.length() - 1) : outputDir;
        String inv = root + "/" + invocationDirName;
        return new TaskLayout(inv, inv + "/" + taskDirName(taskName, index));
    }

    /** {@code <YYYYmmdd_HHMMSS>-<invocation id>}, the name of the invocation directory. */
    public static String invocationDirName(LocalDateTime submittedAt, String invocationId) {
        if (!INVOCATION_ID.matcher(invocationId).matches()) {
            throw new IllegalArgumentException("invocation id must be 16 lowercase hex digits: " + invocationId);
        }
        return RUN_DIR_TIME.format(submittedAt) + "-" + invocationId;
    }

    /**
     * {@code <task>.<idx>} with every character outside {@code [A-Za-z0-9._-]} replaced by {@code _}: task names
     * come from user configs, and the index keeps two tasks apart even when their safe names collide.
     */
    public static String taskDirName(String taskName, int index) {
        String safe = UNSAFE.matcher(taskName).replaceAll("_");
        if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
            safe = "_" + safe;
        }
        return safe + "." + index;
    }

    public String invocationDir() {
        return invocationDir;
    }

    public String taskDir() {
        return taskDir;
    }

    public String runScript() {
        return taskDir + "/run.sub";
    }

    public String secretsFile() {
        return taskDir + "/.secrets.env";
    }

    public String jobIdList() {
        return taskDir + "/.slurm_job_id.list";
    }

    public String chainStatus() {
        return taskDir + "/.chain_status";
    }

    public String killedMark() {
        return taskDir + "/.killed";
    }

    public String markersDir() {
        return taskDir + "/.jobs";
    }

    public String startMarker(String jobId) {
        return markersDir() + "/" + jobId + ".start";
    }

    public String endMarker(String jobId) {
        return markersDir() + "/" + jobId + ".end";
    }

    /** What {@link #progressFile()} held when that link started: the stall guard compares these. */
    public String progressMarker(String jobId) {
        return markersDir() + "/" + jobId + ".progress";
    }

    public String logsDir() {
        return taskDir + "/logs";
    }

    public String artifactsDir() {
        return taskDir + "/artifacts";
    }

    /** The evaluator's count of requests done (reference f.2, g), relative to the task directory. */
    public static final String PROGRESS = "artifacts/progress";

    /**
     * nemo-evaluator's count of requests done: a resumed evaluation continues from it, so it stays across the links
     * of a chain (reference d), and the stall guard compares it link by link.
     */
    public String progressFile() {
        return taskDir + "/" + PROGRESS;
    }

    /**
     * The count in a progress file: a non-negative integer, surrounding whitespace allowed. Null for anything else
     * (absent, empty, half written, not a number): "unknown", never 0.
     */
    public static Integer parseProgress(String content) {
        if (content == null) {
            return null;
        }
        String s = content.strip();
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Integer.valueOf(s);
    }

    /** The batch script's own output; {@code %A} in the {@code #SBATCH --output} pattern. */
    public String slurmLog(String jobId) {
        return logsDir() + "/slurm-" + jobId + ".log";
    }

    /** The evaluation container's output. */
    public String clientLog(String jobId) {
        return logsDir() + "/client-" + jobId + ".log";
    }

    /** The {@code #SBATCH --output} pattern, {@code %A} standing for the job id. */
    public String slurmLogPattern() {
        return logPattern("slurm-%A.log");
    }

    /** The {@code srun --output} pattern of the evaluation container ({@link #clientLog} once the id is known). */
    public String clientLogPattern() {
        return logPattern("client-%A.log");
    }

    /** The {@code srun --output} pattern of deployment instance {@code instance}: one file per job and rank. */
    public String serverLogPattern(int instance) {
        return logPattern("server-" + instance + "-%A-%t.log");
    }

    /** The {@code srun --output} pattern of instance {@code instance} of auxiliary deployment {@code aux}. */
    public String auxServerLogPattern(String aux, int instance) {
        return logPattern(safeName(aux) + "-server-" + instance + "-%A-%t.log");
    }

    /** The {@code srun --output} pattern of the haproxy in front of the deployment's instances. */
    public String proxyLogPattern() {
        return logPattern("proxy-%A.log");
    }

    /** The {@code srun --output} pattern of the haproxy in front of auxiliary deployment {@code aux}. */
    public String auxProxyLogPattern(String aux) {
        return logPattern(safeName(aux) + "-proxy-%A.log");
    }

    /** The deployment's haproxy config as rendered, with {@code {IP_<i>}} placeholders for the instances' heads. */
    public String proxyConfigTemplate() {
        return taskDir + "/proxy.cfg.template";
    }

    /** The deployment's haproxy config with the heads' addresses, written by each link. */
    public String proxyConfig() {
        return taskDir + "/proxy.cfg";
    }

    /** Auxiliary deployment {@code aux}'s haproxy config as rendered; see {@link #proxyConfigTemplate}. */
    public String auxProxyConfigTemplate(String aux) {
        return taskDir + "/" + safeName(aux) + "_proxy.cfg.template";
    }

    /** Auxiliary deployment {@code aux}'s haproxy config with the heads' addresses, written by each link. */
    public String auxProxyConfig(String aux) {
        return taskDir + "/" + safeName(aux) + "_proxy.cfg";
    }

    /** The auto-export job's batch script (reference b.15), staged with {@code run.sub}. */
    public String exportScript() {
        return taskDir + "/export.sbatch";
    }

    /** {@code {export: ...}}: the exporters' settings, read by {@code nemo-evaluator-launcher export --config}. */
    public String exportConfig() {
        return artifactsDir() + "/export_config.yml";
    }

    /** The resolved launcher config, which the exporters attach to what they export. */
    public String launcherConfig() {
        return artifactsDir() + "/config.yml";
    }

    /** The auto-export job's output. */
    public String exportLog(String jobId) {
        return logsDir() + "/export-" + jobId + ".log";
    }

    /** The {@code #SBATCH --output} pattern of the auto-export job ({@link #exportLog} once the id is known). */
    public String exportLogPattern() {
        return logPattern("export-%A.log");
    }

    /**
     * A Slurm filename pattern in the logs directory. A {@code %} of the directory itself is doubled, as Slurm
     * expands {@code %A}, {@code %j}, ... anywhere in the pattern.
     */
    private String logPattern(String fileName) {
        return logsDir().replace("%", "%%") + "/" + fileName;
    }

    private static String safeName(String name) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a file name of letters, digits, '_' and '-': " + name);
        }
        return name;
    }

    public String resultsFile() {
        return artifactsDir() + "/results.yml";
    }

    public String interruptedMarker() {
        return artifactsDir() + "/.nemo_evaluator_interrupted";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskLayout other && taskDir.equals(other.taskDir) && invocationDir.equals(other.invocationDir);
    }

    @Override
    public int hashCode() {
        return Objects.hash(invocationDir, taskDir);
    }

    @Override
    public String toString() {
        return taskDir;
    }
}
