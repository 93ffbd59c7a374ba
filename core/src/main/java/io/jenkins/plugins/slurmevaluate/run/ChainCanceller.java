package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.layout.ChainStatus;
import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.slurm.JobState;
import io.jenkins.plugins.slurmevaluate.slurm.QueueEntry;
import io.jenkins.plugins.slurmevaluate.slurm.SlurmClient;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Cancels every job of an invocation's chains: the running links <em>and</em> their queued successors, found by the
 * chains' job names, so nothing is left to start later (the reference cancelled only the first job, P-10). First a
 * {@code .killed} mark goes into every task directory, so a successor that slips through the cancel sees it and
 * stops at once; then one {@code scancel} for every job; then squeue is asked again until none of them is alive.
 */
final class ChainCanceller {

    /** Pauses between checks; a parameter so tests need not wait. */
    interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    private static final String MARK_SCRIPT = "for d in \"$@\"; do : > \"$d/.killed\"; done";

    private final RemoteHost host;
    private final SlurmClient slurm;
    private final Clock clock;
    private final Pause pause;

    ChainCanceller(RemoteHost host, Duration commandTimeout, Clock clock, Pause pause) {
        this.host = host;
        this.slurm = new SlurmClient(host, commandTimeout);
        this.clock = clock;
        this.pause = pause;
    }

    /**
     * @param patience how long to keep checking (and re-cancelling) until squeue shows no live job of the run
     * @return the record with every unfinished task stopped as {@code killed}, in phase KILLED
     * @throws IOException when the cluster cannot be reached, or jobs are still alive after {@code patience}
     */
    RunRecord kill(RunRecord record, LogSink sink, Duration patience) throws IOException, InterruptedException {
        List<String> dirs = record.tasks().stream().map(TaskRecord::taskDir).toList();
        List<String> argv = new ArrayList<>(List.of("bash", "-c", MARK_SCRIPT, "mark"));
        argv.addAll(dirs);
        ExecResult marked = host.exec(argv, Duration.ofSeconds(60));
        if (!marked.ok()) {
            sink.warn("could not write the kill mark in every task directory: " + marked.stderr().strip());
        }
        Set<String> names = new LinkedHashSet<>(record.tasks().stream().map(TaskRecord::jobName).toList());
        Set<String> known = new LinkedHashSet<>();
        record.tasks().forEach(t -> known.addAll(t.jobIds()));
        Instant deadline = clock.instant().plus(patience);
        Set<String> cancelled = new LinkedHashSet<>();
        while (true) {
            List<String> alive = alive(names, known);
            if (alive.isEmpty()) {
                break;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IOException("jobs " + String.join(",", alive) + " are still alive " + patience.toSeconds()
                        + " s after scancel; check them with squeue and cancel them by hand");
            }
            List<String> fresh = alive.stream().filter(id -> !cancelled.contains(id)).toList();
            if (!fresh.isEmpty()) {
                slurm.cancel(alive);
                cancelled.addAll(alive);
                sink.info("cancelled jobs " + String.join(",", fresh));
            }
            pause.pause(Duration.ofMillis(500));
        }
        RunRecord r = record;
        for (int i = 0; i < r.tasks().size(); i++) {
            if (!r.tasks().get(i).chainStopped()) {
                TaskRecord t = r.tasks().get(i);
                ChainStatus chain = t.export() == null ? null : chainStatus(t);
                r = r.withTask(i, x -> ExportTracker.killed(x, chain));
            }
        }
        sink.info("nothing of invocation " + record.invocationId() + " is left in the queue");
        return r.withPhase(RunRecord.Phase.KILLED, "cancelled by the user");
    }

    /**
     * A task's chain events, read only for a task with an auto-export: its chain may have completed since the record
     * was saved, the kill then having cancelled only its export job. Null when it cannot be read.
     */
    private ChainStatus chainStatus(TaskRecord t) throws IOException {
        ExecResult r = host.exec(List.of("cat", "--", t.taskDir() + "/.chain_status"), Duration.ofSeconds(60));
        return r.ok() ? ChainStatus.parse(r.stdout()) : null;
    }

    /** Our live jobs: by chain job name (successors included) or by known id. */
    private List<String> alive(Set<String> names, Set<String> known) throws IOException {
        List<String> ids = new ArrayList<>();
        for (QueueEntry q : slurm.queue()) {
            if ((names.contains(q.name()) || known.contains(q.jobId())) && q.state().isActive()) {
                ids.add(q.jobId());
            }
        }
        return ids;
    }
}
