package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.script.RenderedFile;
import io.jenkins.plugins.slurmevaluate.script.RenderedTask;
import io.jenkins.plugins.slurmevaluate.slurm.QueueEntry;
import io.jenkins.plugins.slurmevaluate.slurm.SlurmClient;
import io.jenkins.plugins.slurmevaluate.slurm.SubmissionFailedException;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Puts an invocation on the cluster: checks the mount sources (creates those written relative), creates the directories, uploads every task's files
 * (one command per file mode, not one per file), writes the run record down, and then submits each task with its own
 * {@code sbatch}, recording each job id against its task as soon as it is known (P-15). The record is saved before the first {@code sbatch}, and every link carries
 * the task's job name, so a crash at any point can be reconciled ({@link #reconcile}) without submitting twice.
 */
final class Stager {

    private static final String CHECK_DIRS = "for p in \"$@\"; do [ -d \"$p\" ] || printf 'MISSING %s\\n' \"$p\"; done";
    private static final String MAKE_MOUNT_DIRS = "for d in \"$@\"; do mkdir -p \"$d\" || exit 1; done";
    // the task dir is private (0700): run.sub is readable but .secrets.env sits in it; logs/ must exist before sbatch
    private static final String MAKE_DIRS = "umask 077; for d in \"$@\"; do mkdir -p \"$d/logs\" \"$d/artifacts\" || exit 1; done";

    private final RemoteHost host;
    private final SlurmClient slurm;
    private final Clock clock;
    private final Duration timeout;

    Stager(RemoteHost host, Clock clock, Duration timeout) {
        this.host = host;
        this.slurm = new SlurmClient(host, timeout);
        this.clock = clock;
        this.timeout = timeout;
    }

    RunRecord stageAndSubmit(Submission s, Consumer<RunRecord> save, LogSink sink) throws IOException, SubmissionFailedException {
        prepareMountSources(s.mountSources(), s.createdMountSources());
        List<String> dirs = s.record().tasks().stream().map(TaskRecord::taskDir).toList();
        run(MAKE_DIRS, dirs, "creating the task directories");
        // one upload per file mode (scripts, secrets), not one per file
        Map<Integer, Map<String, byte[]>> byMode = new LinkedHashMap<>();
        for (RenderedTask files : s.files()) {
            for (RenderedFile f : files.files()) {
                byMode.computeIfAbsent(f.mode(), m -> new LinkedHashMap<>()).put(f.remotePath(), f.content());
            }
        }
        for (Map.Entry<Integer, Map<String, byte[]>> e : byMode.entrySet()) {
            host.writeFiles(e.getValue(), e.getKey());
        }
        RunRecord r = s.record();
        save.accept(r);
        sink.info("uploaded " + dirs.size() + " task(s) to " + host.describe() + ":" + r.invocationDir());
        return submitPending(r, save, sink);
    }

    /**
     * Submits, each with its own {@code sbatch}, every task that has no job yet and whose chain has not stopped:
     * all of a freshly staged invocation, or what a crash left unsubmitted once {@link #reconcile} found the rest.
     * Saves after every job id.
     */
    RunRecord submitPending(RunRecord record, Consumer<RunRecord> save, LogSink sink)
            throws IOException, SubmissionFailedException {
        RunRecord r = record;
        for (int i = 0; i < r.tasks().size(); i++) {
            TaskRecord t = r.tasks().get(i);
            if (t.submitted() || t.chainStopped()) {
                continue;
            }
            String id;
            try {
                id = slurm.submit(t.taskDir() + "/run.sub", List.of());
            } catch (SubmissionFailedException e) {
                r = markUnsubmitted(r, i, e.getMessage());
                save.accept(r);
                throw e;
            }
            r = r.withTask(i, x -> x.withJobIds(List.of(id)).withState("PENDING").withLastAlive(clock.instant()));
            save.accept(r);
            sink.info(t.id() + ": submitted as job " + id + " (" + t.jobName() + ")");
        }
        r = r.withPhase(RunRecord.Phase.WATCHING, "every task submitted");
        save.accept(r);
        return r;
    }

    /**
     * Finds the first job of every task that has none recorded (the process stopped between {@code sbatch} and
     * saving): by the chain's job name in squeue, else by the job-id list the job writes when it starts.
     */
    RunRecord reconcile(RunRecord record, LogSink sink) throws IOException {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < record.tasks().size(); i++) {
            if (!record.tasks().get(i).submitted() && !record.tasks().get(i).chainStopped()) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return record;
        }
        List<QueueEntry> queue = slurm.queue();
        RunRecord r = record;
        for (int i : missing) {
            TaskRecord t = r.tasks().get(i);
            List<String> ids = queue.stream().filter(q -> q.name().equals(t.jobName()))
                    .sorted(Comparator.comparingLong(q -> Long.parseLong(q.baseJobId()))).map(QueueEntry::jobId).toList();
            if (ids.isEmpty()) {
                ExecResult list = host.exec(List.of("cat", t.taskDir() + "/.slurm_job_id.list"), timeout);
                ids = list.ok() ? list.stdout().lines().map(String::strip).filter(l -> l.matches("\\d+")).toList() : List.of();
            }
            if (!ids.isEmpty()) {
                List<String> found = ids;
                r = r.withTask(i, x -> x.withJobIds(List.of(found.get(0))).withLastAlive(clock.instant()));
                sink.info(t.id() + ": found job " + ids.get(0) + " submitted before the interruption");
            }
        }
        return r;
    }

    private static RunRecord markUnsubmitted(RunRecord r, int failed, String why) {
        RunRecord out = r;
        for (int j = failed; j < r.tasks().size(); j++) {
            if (!out.tasks().get(j).submitted()) {
                out = out.withTask(j, x -> x.withStop("submit_failed", why.lines().findFirst().orElse(why)));
            }
        }
        return out.withPhase(RunRecord.Phase.WATCHING, "submission failed: " + why.lines().findFirst().orElse(why));
    }

    /** Creates the mount sources written relative (each an absolute path by now), then checks the others. */
    void prepareMountSources(List<String> sources, List<String> created) throws IOException {
        if (!created.isEmpty()) {
            run(MAKE_MOUNT_DIRS, created, "creating the mount sources written relative to execution.output_dir");
        }
        if (sources.isEmpty()) {
            return;
        }
        ExecResult r = run(CHECK_DIRS, sources, "checking the mount sources");
        List<String> missing = r.stdout().lines().filter(l -> l.startsWith("MISSING ")).map(l -> l.substring(8)).toList();
        if (!missing.isEmpty()) {
            throw new IOException("these mount sources are not directories on " + host.describe() + ": " + String.join(", ", missing)
                    + "; Pyxis mounts directories, create them or fix execution.mounts / checkpoint_path / cache_path");
        }
    }

    private ExecResult run(String script, List<String> args, String what) throws IOException {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", script, "stage"));
        argv.addAll(args);
        ExecResult r = host.exec(argv, timeout);
        if (!r.ok()) {
            throw new IOException(what + " on " + host.describe() + " failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
        return r;
    }
}
