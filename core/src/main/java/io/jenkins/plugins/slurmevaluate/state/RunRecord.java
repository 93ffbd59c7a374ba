package io.jenkins.plugins.slurmevaluate.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything a new process needs to re-attach to an invocation without submitting anything twice: where it runs,
 * which jobs belong to which task, how far each log has been printed, and what the user asked to gate on.
 *
 * <p>It never holds a secret: only the <em>names</em> of the secret environment variables are kept, so that a
 * re-attaching process can resolve them again (for masking) from its own secret source. It is an immutable value;
 * every change makes a copy, which the caller saves with a {@link RunStore} (the CLI) or as a field of the Jenkins
 * step execution.
 *
 * @param schema version of this format, for readers of older records
 * @param invocationId 16 lowercase hex digits
 * @param createdAt when the invocation was planned
 * @param cluster where the jobs run
 * @param configSource where the config came from (a path or a label), for messages only
 * @param invocationDir the remote invocation directory
 * @param secretNames names of the environment variables whose values are secret and must be masked
 * @param gates the gate expressions, as given
 * @param baseline a baseline results path, or null
 * @param phase how far the lifecycle got
 * @param tasks one entry per task, in config order
 * @param verdict the gate verdict once known (PASS / FAIL / INCONCLUSIVE / ERROR), else null
 * @param message a one-line explanation of the phase or verdict, else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRecord(
        int schema,
        String invocationId,
        Instant createdAt,
        ClusterRef cluster,
        String configSource,
        String invocationDir,
        List<String> secretNames,
        List<String> gates,
        String baseline,
        Phase phase,
        List<TaskRecord> tasks,
        String verdict,
        String message)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The current format. */
    public static final int SCHEMA = 1;

    /** Lifecycle phases, in order. A record in {@link #DONE} or {@link #KILLED} is finished. */
    public enum Phase {
        /** Planned and written down; nothing on the cluster yet, or not all tasks submitted. */
        SUBMITTING,
        /** Every task has a job; the chains run on their own. */
        WATCHING,
        /** Every chain has stopped; artifacts are being downloaded. */
        COLLECTING,
        /** Finished: collected and gated. */
        DONE,
        /** Cancelled by the user. */
        KILLED;

        public boolean finished() {
            return this == DONE || this == KILLED;
        }
    }

    public RunRecord {
        Objects.requireNonNull(invocationId, "invocationId");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(phase, "phase");
        secretNames = List.copyOf(secretNames == null ? List.of() : secretNames);
        gates = List.copyOf(gates == null ? List.of() : gates);
        tasks = List.copyOf(tasks == null ? List.of() : tasks);
    }

    public RunRecord withPhase(Phase newPhase, String newMessage) {
        return new RunRecord(schema, invocationId, createdAt, cluster, configSource, invocationDir, secretNames, gates,
                baseline, newPhase, tasks, verdict, newMessage);
    }

    public RunRecord withVerdict(String newVerdict, String newMessage) {
        return new RunRecord(schema, invocationId, createdAt, cluster, configSource, invocationDir, secretNames, gates,
                baseline, phase, tasks, newVerdict, newMessage);
    }

    public RunRecord withTasks(List<TaskRecord> newTasks) {
        return new RunRecord(schema, invocationId, createdAt, cluster, configSource, invocationDir, secretNames, gates,
                baseline, phase, newTasks, verdict, message);
    }

    /** A copy with the task at {@code index} (its position in {@link #tasks()}) replaced by {@code change}'s result. */
    public RunRecord withTask(int index, UnaryOperator<TaskRecord> change) {
        List<TaskRecord> copy = new ArrayList<>(tasks);
        copy.set(index, change.apply(copy.get(index)));
        return withTasks(copy);
    }

    /** True when every task's chain has stopped (successfully or not). */
    public boolean allChainsStopped() {
        return !tasks.isEmpty() && tasks.stream().allMatch(TaskRecord::chainStopped);
    }
}
