package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.config.plan.Trust;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a {@link DurableEvaluation} needs from the process that drives it (the Jenkins step execution, a freestyle
 * build, a test). A new set of ports is handed in after every restart; none of them is ever persisted.
 *
 * <p>Threading: every method is called from a thread of {@link #scheduler()}, never from the caller of
 * {@code start}, {@code resume} or {@code stop}, and never concurrently for one evaluation. Methods may block (they
 * run on the evaluation's own pool); an {@link IOException} is reported to the user as one sentence.
 *
 * <p>Exactly one of {@link #finished}, {@link #failed} and {@link #stopped} is called, once, after the last line has
 * gone to {@link #log()}.
 */
public interface EvaluationPorts {

    /** Where the lifecycle's work runs. */
    ScheduledExecutorService scheduler();

    /** The time, for saving intervals and records; the system clock unless a test advances its own. */
    default Clock clock() {
        return Clock.systemUTC();
    }

    /** The process-wide evaluator, whose cluster watchers are shared by every evaluation. */
    Evaluator evaluator();

    /** Where output goes, unmasked: the evaluation masks every secret it resolved before a line gets here. */
    LogSink log();

    /** Where {@code host:NAME} values come from. */
    SecretSource secrets();

    /** The variables {@code ${oc.env:NAME}} reads. */
    Map<String, String> environment();

    /**
     * Reads a file the request names ({@link EvaluationRequest#configPath()}, {@link EvaluationRequest#baselinePath()})
     * from the workspace or working directory.
     *
     * @throws IOException naming the file when it cannot be read
     */
    String readFile(String path) throws IOException, InterruptedException;

    /**
     * Where the request runs: the named cluster's definition, or an ad-hoc host. Called before planning; looks the
     * login credentials up to find the user.
     *
     * @throws IOException when the cluster is not defined or the credentials cannot be found
     */
    ClusterProfile cluster(EvaluationRequest request) throws IOException;

    /**
     * The connection to a cluster saved in a run record, shared with other evaluations on the same cluster. Called
     * again after a restart, with the credentials looked up anew.
     */
    RemoteHost host(EvaluationRequest request, ClusterRef cluster) throws IOException;

    /** A new, empty local directory for downloads; the evaluation deletes nothing in it, the caller does. */
    Path scratchDirectory() throws IOException;

    /**
     * Saves the evaluation's state (Jenkins: {@code StepContext.saveState()}): after every change of a chain or a
     * stage, and at most once a minute while only log offsets move (see {@link #printed}). May be called from a
     * cluster watcher's thread, so it must not block unless asked to.
     *
     * @param changed a chain or the stage changed (not only log offsets): what a summary of the run shows is new
     * @param wait return only once the state is durable: used before every {@code sbatch}, so that a crash cannot
     *     forget a submitted job
     */
    void persist(boolean changed, boolean wait);

    /**
     * Notes the record whose log lines were just printed; called after every batch of printed lines, so it must be
     * cheap and must not block for long. A host that saves its state ({@link #persist}) only now and then keeps the
     * offsets here, so that after an unclean stop {@link #printedBefore} brings them back to what was really printed
     * and no line is printed twice. The default keeps nothing.
     */
    default void printed(RunRecord record) {}

    /**
     * The record last given to {@link #printed} for this invocation, in this process or an earlier one, or null. Only
     * its log offsets are used, and only where they are ahead of the saved state's.
     */
    default RunRecord printedBefore(String invocationId) {
        return null;
    }

    /**
     * Publishes the outcome before it is delivered: archives {@code directory} (the downloaded artifacts and logs,
     * plus {@code slurm-evaluate-summary.json}, {@code slurm-evaluate-gates.xml} and {@code slurm-evaluate-gates.txt})
     * when the request asks for it, attaches the gate report as test results, records the summary. Failures here
     * are logged, not fatal.
     *
     * @param directory holds the files; null when nothing was downloaded
     */
    void publish(EvaluationResult result, Path directory, LogSink log) throws IOException, InterruptedException;

    /** The evaluation ended with a verdict (any verdict, including FAIL and ERROR). */
    void finished(EvaluationResult result);

    /** The evaluation could not be carried out: an invalid config, a refused submission, an unreachable cluster. */
    void failed(String message);

    /** A requested stop is complete: the chains are cancelled, or cancelling them failed and was logged. */
    void stopped();

    /**
     * Why jobs may not opt in to running untrusted config parts here (naming the setting that forbids it), or null
     * when they may. The default lets them.
     */
    default String trustOptInForbidden() {
        return null;
    }

    /** How the job opts in to what {@code kind} needs, in the words of this front end. */
    default String howToTrust(Trust.Kind kind) {
        return kind == Trust.Kind.COMMAND ? "set trustPreCmd: true" : "set trustUnlistedTasks: true";
    }
}
