package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.slurm.QueueEntry;
import io.jenkins.plugins.slurmevaluate.slurm.SlurmClient;
import io.jenkins.plugins.slurmevaluate.slurm.SubmissionFailedException;
import io.jenkins.plugins.slurmevaluate.state.ExportStatus;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Starts the unfinished tasks of an invocation again, as new chains, after checking that nothing of the invocation
 * is still queued or running (the reference resubmitted blindly and could run a task twice, P-11). The old chain's
 * files are renamed with a time suffix, so the new chain starts with fresh budgets, like the reference's resume.
 */
final class Resumer {

    private static final String RESET = "ts=$1; shift; for d in \"$@\"; do rm -f \"$d/.killed\"; "
            + "for f in .chain_status .slurm_job_id.list; do [ -e \"$d/$f\" ] && mv -f \"$d/$f\" \"$d/$f.$ts\"; done; done; true";

    private final RemoteHost host;
    private final SlurmClient slurm;
    private final Clock clock;
    private final Duration timeout;

    Resumer(RemoteHost host, Clock clock, Duration timeout) {
        this.host = host;
        this.slurm = new SlurmClient(host, timeout);
        this.clock = clock;
        this.timeout = timeout;
    }

    RunRecord resume(RunRecord record, LogSink sink, Consumer<RunRecord> save) throws IOException, SubmissionFailedException {
        Set<String> names = record.tasks().stream().map(TaskRecord::jobName).collect(Collectors.toSet());
        List<String> alive = slurm.queue().stream().filter(q -> names.contains(q.name()) && q.state().isActive())
                .map(QueueEntry::jobId).toList();
        if (!alive.isEmpty()) {
            throw new IllegalStateException("invocation " + record.invocationId() + " still has jobs in the queue ("
                    + String.join(",", alive) + "); wait for them, or kill the invocation first");
        }
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < record.tasks().size(); i++) {
            if (!record.tasks().get(i).succeeded()) {
                todo.add(i);
            }
        }
        if (todo.isEmpty()) {
            sink.info("every task of invocation " + record.invocationId() + " has completed; nothing to resume");
            return record;
        }
        List<String> argv = new ArrayList<>(List.of("bash", "-c", RESET, "reset", String.valueOf(clock.instant().getEpochSecond())));
        todo.forEach(i -> argv.add(record.tasks().get(i).taskDir()));
        ExecResult reset = host.exec(argv, timeout);
        if (!reset.ok()) {
            throw new IOException("preparing the task directories for a new chain failed: " + reset.stderr().strip());
        }
        RunRecord r = record.withPhase(RunRecord.Phase.WATCHING, "resumed").withVerdict(null, null);
        for (int i : todo) {
            TaskRecord t = r.tasks().get(i);
            String id = slurm.submit(t.taskDir() + "/run.sub", List.of());
            // a new chain, with its own auto-export to come: what became of the old chain's export no longer applies
            r = r.withTask(i, x -> x.withStop(null, null).withState("PENDING").withJobIds(List.of(id)).withLastAlive(clock.instant())
                    .withExport(x.export() == null ? null : ExportStatus.pending(x.export().destinations())));
            save.accept(r);
            sink.info(t.id() + ": resumed as job " + id);
        }
        return r;
    }
}
