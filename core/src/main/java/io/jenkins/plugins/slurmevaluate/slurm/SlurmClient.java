package io.jenkins.plugins.slurmevaluate.slurm;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Slurm commands we need, run on a {@link RemoteHost} as argv tokens: submit, status for many jobs in one call,
 * cancel. Stateless and thread-safe; a watcher calls {@link #queue} and {@link #accounting} once per poll for every
 * job it watches.
 *
 * <p>An {@link IOException} means the command could not be run or Slurm could not answer (controller or accounting
 * daemon down): a status is then unknown, never success or failure. Job ids are checked before they reach a command
 * line; an invalid one is an {@link IllegalArgumentException}.
 */
public final class SlurmClient {

    /** Limit for one Slurm command, unless another is given. Slurm's own RPC timeout is MessageTimeout (10 s). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final RemoteHost host;
    private final Duration timeout;

    public SlurmClient(RemoteHost host) {
        this(host, DEFAULT_TIMEOUT);
    }

    public SlurmClient(RemoteHost host, Duration timeout) {
        this.host = Objects.requireNonNull(host, "host");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Submits a batch script with {@code sbatch --parsable <options> <scriptPath>}.
     *
     * <p><b>Not idempotent, and never retried here.</b> If this throws an {@link IOException}, the connection broke
     * and the job may or may not exist: find it (submit with a unique {@code --comment} or {@code --job-name} and look
     * for it with {@link #queue()}) before submitting again.
     *
     * @param scriptPath the script on the cluster (absolute, or relative to the home directory)
     * @param sbatchOptions options placed before the script, such as {@code --dependency=afternotok:12},
     *     {@code --comment=...}, {@code --job-name=...}; each is one token
     * @return the job id, without any {@code ;cluster} suffix
     * @throws SubmissionFailedException when sbatch answered without a job id; it carries sbatch's output
     */
    public String submit(String scriptPath, List<String> sbatchOptions) throws IOException, SubmissionFailedException {
        ExecResult r = host.exec(SlurmCommands.sbatch(scriptPath, sbatchOptions), timeout);
        return SbatchParser.jobId(r, scriptPath);
    }

    /**
     * The accounting rows (allocation and steps) of these jobs, from one {@code sacct} call. For a job that was
     * requeued this is its latest run only; for a job number that was used before (the counter restarts when the
     * controller's state is reset) it is the newest job with that number. An empty list for an id means sacct has
     * no row yet (the first 0.5-5 s after submission): not yet known, not unknown.
     */
    public List<AccountingEntry> accounting(Collection<String> jobIds) throws IOException {
        return runSacct(jobIds, null);
    }

    /**
     * Every run of these jobs since {@code since} ({@code sacct -D -S}): a requeued, preempted or node-failed job has
     * one allocation row per run, oldest first, so a slow watcher still sees the REQUEUED/PREEMPTED/NODE_FAIL run that
     * plain {@link #accounting} replaces within seconds. {@code -D} alone would also return older, unrelated jobs that
     * had the same number before an id reset; {@code since} (a little before submission, in the cluster's local time)
     * keeps them out.
     */
    public List<AccountingEntry> accountingHistory(Collection<String> jobIds, LocalDateTime since) throws IOException {
        return runSacct(jobIds, Objects.requireNonNull(since, "since"));
    }

    private List<AccountingEntry> runSacct(Collection<String> jobIds, LocalDateTime since) throws IOException {
        List<String> ids = JobIds.validate(jobIds);
        if (ids.isEmpty()) {
            return List.of();
        }
        ExecResult r = host.exec(SlurmCommands.sacct(ids, since), timeout);
        if (!r.ok()) {
            throw failure("sacct", r, "is slurmdbd reachable, and accounting enabled?");
        }
        return SacctParser.parse(r.stdout(), SacctParser.SEPARATOR);
    }

    /**
     * The queue entries of these jobs (array tasks included when the whole array's id is given), from one
     * {@code squeue} call. A job that finished more than {@code MinJobAge} ago is absent: ask {@link #accounting}.
     *
     * <p>We list all of our own jobs ({@code --me}) and filter here, instead of {@code squeue -j ids}: on the test
     * bed (Slurm 22.05) {@code squeue -j 99999} for one unknown or purged id exits 1 with "Invalid job id specified",
     * while {@code -j 5,99999} exits 0 and just omits 99999; so the same question would fail or not depending on how
     * many ids a poll happens to carry. Listing our jobs costs the controller the same (for several ids squeue loads
     * every job and filters on the client anyway) and also shows successors that depend on our jobs. {@code --me}
     * needs Slurm 20.11 or later.
     */
    public List<QueueEntry> queue(Collection<String> jobIds) throws IOException {
        List<String> ids = JobIds.validate(jobIds);
        if (ids.isEmpty()) {
            return List.of();
        }
        Set<String> wanted = new HashSet<>(ids);
        List<QueueEntry> matching = new ArrayList<>();
        for (QueueEntry e : queue()) {
            if (wanted.contains(e.jobId()) || wanted.contains(e.baseJobId())) {
                matching.add(e);
            }
        }
        return matching;
    }

    /**
     * Every job of the user we run as that the controller still knows, finished ones included
     * ({@code squeue --me -h -t all}): to find a job by its comment after an interrupted submission, or the
     * successors whose dependency names one of our jobs.
     */
    public List<QueueEntry> queue() throws IOException {
        ExecResult r = host.exec(SlurmCommands.squeue(), timeout);
        if (!r.ok()) {
            throw failure("squeue", r, "is slurmctld reachable?");
        }
        return SqueueParser.parse(r.stdout());
    }

    /**
     * Cancels these jobs with one {@code scancel} call. Slurm answers an unknown or finished id with exit 0 and no
     * message, so success here means "asked", not "was running": check the state afterwards if it matters.
     */
    public void cancel(Collection<String> jobIds) throws IOException {
        List<String> ids = JobIds.validate(jobIds);
        if (ids.isEmpty()) {
            return;
        }
        ExecResult r = host.exec(SlurmCommands.scancel(ids), timeout);
        if (!r.ok()) {
            throw failure("scancel", r, "is slurmctld reachable?");
        }
    }

    /**
     * The latest allocation row of each job in {@code rows} (the last one, since sacct lists runs oldest first),
     * keyed by job id in order of first appearance.
     */
    public static Map<String, AccountingEntry> latestAllocations(Collection<AccountingEntry> rows) {
        Map<String, AccountingEntry> latest = new LinkedHashMap<>();
        for (AccountingEntry row : rows) {
            if (row.isAllocation()) {
                latest.put(row.jobId(), row);
            }
        }
        return latest;
    }

    private IOException failure(String command, ExecResult r, String hint) {
        return new IOException(command + " failed on " + host.describe() + " (exit " + r.exitCode() + "): "
                + r.stderr().strip() + " (" + hint + ")");
    }

    /** The argv of each command, kept apart so tests can check them token by token. */
    static final class SlurmCommands {

        /** Timestamps in sacct's output must be ISO, whatever the user's environment says. */
        static final String TIME_FORMAT = "SLURM_TIME_FORMAT=standard";

        private static final DateTimeFormatter SACCT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

        private SlurmCommands() {}

        static List<String> sbatch(String scriptPath, List<String> options) {
            if (scriptPath == null || scriptPath.isBlank() || scriptPath.startsWith("-")) {
                throw new IllegalArgumentException("not a batch script path: '" + scriptPath + "'");
            }
            List<String> argv = new ArrayList<>(List.of("sbatch", "--parsable"));
            argv.addAll(options);
            argv.add(scriptPath);
            return argv;
        }

        static List<String> sacct(List<String> ids, LocalDateTime since) {
            List<String> argv = new ArrayList<>(List.of("env", TIME_FORMAT, "sacct", "-P", "-n",
                    "--delimiter=" + SacctParser.SEPARATOR, "--format=" + SacctParser.format()));
            if (since != null) {
                argv.addAll(List.of("-D", "-S", since.format(SACCT_TIME)));
            }
            argv.addAll(List.of("-j", String.join(",", ids)));
            return argv;
        }

        static List<String> squeue() {
            return List.of("squeue", "--me", "-h", "-t", "all", "-o", SqueueParser.FORMAT);
        }

        static List<String> scancel(List<String> ids) {
            List<String> argv = new ArrayList<>(List.of("scancel"));
            argv.addAll(ids);
            return argv;
        }
    }
}
