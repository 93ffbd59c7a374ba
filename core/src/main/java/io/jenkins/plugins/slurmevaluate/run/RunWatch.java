package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.slurm.AccountingEntry;
import io.jenkins.plugins.slurmevaluate.slurm.QueueEntry;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The watcher's bookkeeping for one invocation: its newest record, its sink and its completion. */
final class RunWatch implements Watch {

    private final LogSink sink;
    private final Consumer<RunRecord> onUpdate;
    private final LogStreamer logs;
    private final ClusterWatcher owner;
    private final CompletableFuture<RunRecord> done = new CompletableFuture<>();
    private volatile RunRecord record;
    /** Set once a log read ran after every chain had stopped, so their last lines are out. */
    private boolean flushedAfterStop;

    RunWatch(RunRecord record, LogSink sink, Consumer<RunRecord> onUpdate, LogStreamer logs, ClusterWatcher owner) {
        this.record = record;
        this.sink = sink;
        this.onUpdate = onUpdate;
        this.logs = logs;
        this.owner = owner;
    }

    LogSink sink() {
        return sink;
    }

    @Override
    public CompletableFuture<RunRecord> done() {
        return done;
    }

    @Override
    public RunRecord current() {
        return record;
    }

    @Override
    public void stop() {
        owner.forget(this);
        done.cancel(false);
    }

    @Override
    public String status() {
        RunRecord r = record;
        long stopped = r.tasks().stream().filter(TaskRecord::chainStopped).count();
        long running = r.tasks().stream().filter(t -> !t.chainStopped() && "RUNNING".equals(t.state())).count();
        Instant down = owner.unreachableSince();
        String tasks = running + " running, " + stopped + " of " + r.tasks().size() + " finished" + requestsDone(r);
        return down == null ? tasks : "cluster unreachable since " + down.truncatedTo(ChronoUnit.SECONDS) + "; " + tasks;
    }

    /** {@code , requests done 42} over the tasks whose evaluator reported a count; empty while none has. */
    static String requestsDone(RunRecord r) {
        List<Integer> known = r.tasks().stream().map(TaskRecord::progress).filter(Objects::nonNull).toList();
        return known.isEmpty() ? "" : ", requests done " + known.stream().mapToLong(Integer::longValue).sum();
    }

    /** Applies one status poll to every task; adds leftovers to {@code cancel}; returns whether anything changed. */
    boolean observe(Map<String, String> files, List<QueueEntry> queue, Map<String, AccountingEntry> accounting, Instant now,
            Set<String> cancel) {
        RunRecord r = record;
        boolean changed = false;
        for (int i = 0; i < r.tasks().size(); i++) {
            TaskRecord t = r.tasks().get(i);
            List<QueueEntry> mine = queue.stream()
                    .filter(q -> q.name().equals(t.jobName()) || t.jobIds().contains(q.jobId())).toList();
            Map<String, AccountingEntry> acct = new HashMap<>();
            t.jobIds().forEach(id -> {
                if (accounting.containsKey(id)) {
                    acct.put(id, accounting.get(id));
                }
            });
            Map<String, String> own = filesOf(t.taskDir(), files);
            ChainTracker.Update u = ChainTracker.observe(t, new ChainTracker.Observation(own, mine, acct, now));
            u.messages().forEach(sink::info);
            cancel.addAll(u.cancel());
            TaskRecord next = u.task().withProgress(TaskLayout.parseProgress(own.get(TaskLayout.PROGRESS)));
            if (!next.equals(t)) {
                changed |= !sameApartFromTime(t, next); // a new count alone does not speed up polling
                r = r.withTask(i, x -> next);
            }
        }
        if (r != record) {
            if (r.allChainsStopped() && r.phase() == RunRecord.Phase.WATCHING) {
                r = r.withPhase(RunRecord.Phase.COLLECTING, "every chain has stopped");
            }
            update(r);
        }
        return changed;
    }

    /** What this run's next log read must fetch. */
    LogStreamer.Request logRequest() {
        return LogStreamer.request(record);
    }

    /** Prints this run's part of a log read shared with other runs; returns whether anything was printed. */
    boolean applyLogs(List<LogTail.Chunk> chunks) {
        return applyLogs(logs.apply(record, chunks));
    }

    private boolean applyLogs(RunRecord r) {
        boolean stoppedBefore = record.allChainsStopped();
        boolean printed = !r.equals(record);
        if (printed) {
            update(r);
        }
        if (stoppedBefore) {
            flushedAfterStop = true;
        }
        return printed;
    }

    void completeIfFinished() {
        if (record.allChainsStopped() && flushedAfterStop) {
            owner.forget(this);
            done.complete(record);
        }
    }

    void fail(IOException e) {
        owner.forget(this);
        done.completeExceptionally(e);
    }

    private void update(RunRecord r) {
        record = r;
        onUpdate.accept(r);
    }

    private static Map<String, String> filesOf(String taskDir, Map<String, String> all) {
        String prefix = taskDir + "/";
        Map<String, String> mine = new HashMap<>();
        all.forEach((path, content) -> {
            if (path.startsWith(prefix)) {
                mine.put(path.substring(prefix.length()), content);
            }
        });
        return mine;
    }

    private static boolean sameApartFromTime(TaskRecord a, TaskRecord b) {
        return Objects.equals(a.state(), b.state()) && a.jobIds().equals(b.jobIds()) && Objects.equals(a.stop(), b.stop());
    }
}
