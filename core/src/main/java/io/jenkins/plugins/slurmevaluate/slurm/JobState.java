package io.jenkins.plugins.slurmevaluate.slurm;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a Slurm job state means for us. Slurm has about 25 states; they fall into these classes. A state we do not
 * recognise is {@link #UNKNOWN}, which is neither terminal nor a success: a watcher keeps asking rather than guess.
 *
 * <p>{@link #parse} accepts what squeue and sacct print: full names ({@code %T}, {@code State}), compact codes
 * ({@code %t}), names with a suffix ({@code CANCELLED by 1001}) and names cut to a column width with a {@code +}
 * ({@code OUT_OF_ME+}).
 */
public enum JobState {
    /** Waiting to start, including a requeued job waiting to start again. */
    PENDING,
    /** Holding an allocation: running, completing (its processes are being cleaned up), suspended, configuring. */
    RUNNING,
    /** Finished with exit code 0. */
    COMPLETED,
    /** Finished with a non-zero exit code, or could not be launched. */
    FAILED,
    /** Cancelled by a user or an administrator. */
    CANCELLED,
    /** Reached its time limit. */
    TIMEOUT,
    /** Stopped to make room for a more urgent job, and not requeued. */
    PREEMPTED,
    /** Lost its node, or the node failed to boot. */
    NODE_FAIL,
    /** Killed for using more memory than it asked for. */
    OUT_OF_MEMORY,
    /** A state we do not recognise, or none at all. */
    UNKNOWN;

    private static final Map<String, JobState> NAMES = new HashMap<>();
    private static final Map<String, JobState> CODES = new HashMap<>();

    static {
        name(PENDING, "PENDING", "PD", "REQUEUED", "RQ", "REQUEUE_FED", "RF", "REQUEUE_HOLD", "RH", "RESV_DEL_HOLD",
                "RD", "SPECIAL_EXIT", "SE");
        // COMPLETING lasts 0.5-2 s (KillWait for a job that ignores SIGTERM) before the final state: still running
        name(RUNNING, "RUNNING", "R", "COMPLETING", "CG", "CONFIGURING", "CF", "SUSPENDED", "S", "STOPPED", "ST",
                "SIGNALING", "SI", "STAGE_OUT", "SO", "RESIZING", "RS");
        name(COMPLETED, "COMPLETED", "CD");
        // DEADLINE: the job could not finish before its --deadline; running it again cannot help either
        name(FAILED, "FAILED", "F", "DEADLINE", "DL");
        name(CANCELLED, "CANCELLED", "CA");
        name(TIMEOUT, "TIMEOUT", "TO");
        name(PREEMPTED, "PREEMPTED", "PR");
        // BOOT_FAIL: the node failed to boot; like NODE_FAIL, an infrastructure failure worth resuming
        name(NODE_FAIL, "NODE_FAIL", "NF", "BOOT_FAIL", "BF");
        name(OUT_OF_MEMORY, "OUT_OF_MEMORY", "OOM");
        // REVOKED (a federated sibling started elsewhere) says nothing about the job's outcome here: UNKNOWN
    }

    private static void name(JobState state, String... namesAndCodes) {
        for (int i = 0; i < namesAndCodes.length; i += 2) {
            NAMES.put(namesAndCodes[i], state);
            CODES.put(namesAndCodes[i + 1], state);
        }
    }

    /**
     * Classifies a state as squeue or sacct prints it; never throws.
     *
     * @return {@link #UNKNOWN} for null, blank or unrecognised text, and for a truncated name whose candidates fall
     *     into different classes
     */
    public static JobState parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return UNKNOWN;
        }
        String word = raw.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT); // "CANCELLED by 1001"
        JobState known = NAMES.containsKey(word) ? NAMES.get(word) : CODES.get(word);
        if (known != null) {
            return known;
        }
        if (word.endsWith("+") && word.length() > 1) {
            return byPrefix(word.substring(0, word.length() - 1));
        }
        return UNKNOWN;
    }

    private static JobState byPrefix(String prefix) {
        Set<JobState> candidates = new HashSet<>();
        NAMES.forEach((name, state) -> {
            if (name.startsWith(prefix)) {
                candidates.add(state);
            }
        });
        return candidates.size() == 1 ? candidates.iterator().next() : UNKNOWN;
    }

    /** The job is over: it will not run again by itself (a resumable state may be resubmitted by us). */
    public boolean isTerminal() {
        return switch (this) {
            case COMPLETED, FAILED, CANCELLED, TIMEOUT, PREEMPTED, NODE_FAIL, OUT_OF_MEMORY -> true;
            case PENDING, RUNNING, UNKNOWN -> false;
        };
    }

    /**
     * The job ended for a reason outside its own code (time limit, preemption, node failure), so running it again
     * from its checkpoint can succeed.
     */
    public boolean isResumable() {
        return this == TIMEOUT || this == PREEMPTED || this == NODE_FAIL;
    }

    /** Only {@link #COMPLETED} is a success; in particular {@link #UNKNOWN} never is. */
    public boolean isSuccess() {
        return this == COMPLETED;
    }

    /** Pending or running: the job still holds, or waits for, an allocation. */
    public boolean isActive() {
        return this == PENDING || this == RUNNING;
    }
}
