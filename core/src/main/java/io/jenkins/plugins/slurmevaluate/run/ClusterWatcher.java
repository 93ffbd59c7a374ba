package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.slurm.AccountingEntry;
import io.jenkins.plugins.slurmevaluate.slurm.QueueEntry;
import io.jenkins.plugins.slurmevaluate.slurm.SlurmClient;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches every invocation running on one cluster with one poll loop, so N evaluations cost the controller what one
 * does: per status poll, one command reads the chain files (and the evaluator's progress) of every watched task, one
 * {@code squeue} lists our jobs,
 * at most one {@code sacct} asks for the final state of links that left the queue, and at most one {@code scancel}
 * removes leftovers. Status polls back off while nothing changes and snap back on any change; logs are read on a
 * faster cadence of their own (one command for up to {@value #LOG_LINKS_PER_READ} log links, across invocations), so
 * output arrives within about a second.
 *
 * <p>A failing poll is "unknown, try again": it is narrated once per outage, retried with backoff, and only after
 * {@link WatchSettings#unreachableGrace()} do the watches fail (never, with {@link WatchSettings#FOREVER}; a long outage is
 * then narrated again every {@value #REMINDER_MINUTES} minutes). The loop runs on the given scheduler, one poll at a
 * time; time comes from the given clock. Closing the watcher stops the loop, not the jobs, and does not close the
 * host.
 */
public final class ClusterWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterWatcher.class.getName());
    /** Read in one command per status poll for every watched task; the evaluator's progress rides along. */
    private static final List<String> CHAIN_FILES = List.of(".chain_status", ".slurm_job_id.list", ".killed", ".jobs/*",
            TaskLayout.PROGRESS);
    private static final int CHAIN_FILE_LIMIT = 256 * 1024;
    /**
     * Log links read by one command. Each file brings at most {@link LogStreamer#MAX_BYTES} per read, so this bounds
     * a read's output (and its command line) while still covering dozens of invocations in one round trip.
     */
    static final int LOG_LINKS_PER_READ = 32;
    /** Minutes between two "still not answering" lines of one outage. */
    static final int REMINDER_MINUTES = 10;

    private final RemoteHost host;
    private final SlurmClient slurm;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final WatchSettings settings;
    private final List<RunWatch> watches = new CopyOnWriteArrayList<>();
    private final AtomicLong statusPolls = new AtomicLong();
    private final AtomicLong sacctCalls = new AtomicLong();

    private final Object lock = new Object();
    /** The scheduled next poll, or null when idle; guarded by {@link #lock}. */
    private ScheduledFuture<?> nextPoll;
    private boolean closed;

    // touched only by the poll loop, one poll at a time
    private Instant nextStatusAt = Instant.MIN;
    private Duration statusInterval;
    private Duration logInterval;
    private volatile Instant lastSuccess;
    /** The first error of the current outage, or null while the cluster answers; read by status displays. */
    private volatile String outage;
    private Instant lastReminder;
    private boolean accountingDown;

    public ClusterWatcher(RemoteHost host, ScheduledExecutorService scheduler, Clock clock, WatchSettings settings) {
        this.host = host;
        this.slurm = new SlurmClient(host, settings.commandTimeout());
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
        this.statusInterval = settings.minStatusInterval();
        this.logInterval = settings.minLogInterval();
        this.lastSuccess = clock.instant();
    }

    /**
     * Starts watching an invocation whose tasks are submitted.
     *
     * @param onUpdate called (on the watcher's thread) with every changed record, to persist it
     */
    public Watch watch(RunRecord record, LogSink sink, Consumer<RunRecord> onUpdate) {
        RunWatch w = new RunWatch(record, sink, onUpdate, new LogStreamer(host, sink, settings.commandTimeout()), this);
        watches.add(w);
        synchronized (lock) {
            nextStatusAt = Instant.MIN;
            reschedule(Duration.ZERO);
        }
        return w;
    }

    /**
     * One status poll of a run that this watcher does not follow: its chain files, squeue and sacct, read once. Nothing
     * is cancelled, no log is read, and the loop is not started: what a {@code status} command shows.
     *
     * @throws IOException when the cluster cannot be reached
     */
    RunRecord snapshot(RunRecord record, LogSink sink) throws IOException {
        RunWatch w = new RunWatch(record, sink, r -> {}, null, this);
        pollStatus(List.of(w), clock.instant(), false);
        return w.current();
    }

    /** For status displays: since when the cluster has not answered, or null while it answers. */
    Instant unreachableSince() {
        return outage == null ? null : lastSuccess;
    }

    /** Status polls made so far (each is one squeue, at most one sacct): for tests and benchmarks. */
    public long statusPolls() {
        return statusPolls.get();
    }

    /** sacct calls made so far. */
    public long sacctCalls() {
        return sacctCalls.get();
    }

    Duration currentStatusInterval() {
        return statusInterval;
    }

    void forget(RunWatch w) {
        watches.remove(w);
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (nextPoll != null) {
                nextPoll.cancel(false);
            }
        }
        watches.forEach(RunWatch::stop);
    }

    /** Under {@link #lock}: runs the next poll after {@code delay}, or sooner if one is already due sooner. */
    private void reschedule(Duration delay) {
        if (closed) {
            return;
        }
        if (nextPoll != null && !nextPoll.isDone()) {
            if (nextPoll.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) {
                return;
            }
            nextPoll.cancel(false);
        }
        nextPoll = scheduler.schedule(this::pollSafely, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollSafely() {
        Duration next;
        try {
            next = poll();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "watch poll on " + host.describe() + " failed", e);
            next = settings.maxStatusInterval();
        }
        synchronized (lock) {
            nextPoll = null;
            if (!watches.isEmpty()) {
                reschedule(next);
            }
        }
    }

    /** One poll; returns when the next one is due. */
    Duration poll() {
        Instant now = clock.instant();
        List<RunWatch> active = watches.stream().filter(w -> !w.done().isDone()).toList();
        watches.retainAll(active);
        if (active.isEmpty()) {
            return settings.maxStatusInterval();
        }
        try {
            if (!now.isBefore(nextStatusAt)) {
                boolean changed = pollStatus(active, now, true);
                statusInterval = changed ? settings.minStatusInterval() : settings.grow(statusInterval, settings.maxStatusInterval());
                nextStatusAt = now.plus(statusInterval);
            }
            boolean printed = pollLogs(active);
            logInterval = printed ? settings.minLogInterval() : settings.grow(logInterval, settings.maxLogInterval());
            recovered(active);
            active.forEach(RunWatch::completeIfFinished);
        } catch (IOException e) {
            unreachable(active, now, e);
            logInterval = settings.grow(logInterval, settings.maxStatusInterval());
        }
        Duration untilStatus = Duration.between(clock.instant(), nextStatusAt);
        return untilStatus.isNegative() ? Duration.ZERO : (untilStatus.compareTo(logInterval) < 0 ? untilStatus : logInterval);
    }

    /**
     * Reads the new log bytes of every active watch, {@value #LOG_LINKS_PER_READ} links per command at most (so a
     * read's output and command line stay bounded), and hands each watch its part; returns whether anything was
     * printed.
     */
    private boolean pollLogs(List<RunWatch> active) throws IOException {
        boolean printed = false;
        for (List<RunWatch> group : logGroups(active, LOG_LINKS_PER_READ)) {
            List<LogTail.Link> links = new ArrayList<>();
            Map<String, Long> offsets = new HashMap<>();
            for (RunWatch w : group) {
                LogStreamer.Request r = w.logRequest();
                links.addAll(r.links());
                offsets.putAll(r.offsets());
            }
            List<LogTail.Chunk> chunks = LogTail.read(host, links, offsets, LogStreamer.MAX_BYTES, settings.commandTimeout());
            for (RunWatch w : group) {
                printed |= w.applyLogs(chunks);
            }
        }
        return printed;
    }

    /** Consecutive groups of watches with at most {@code maxLinks} log links each (a bigger watch is a group alone). */
    static List<List<RunWatch>> logGroups(List<RunWatch> watches, int maxLinks) {
        List<List<RunWatch>> groups = new ArrayList<>();
        List<RunWatch> current = new ArrayList<>();
        int links = 0;
        for (RunWatch w : watches) {
            int n = w.logRequest().links().size();
            if (!current.isEmpty() && links + n > maxLinks) {
                groups.add(current);
                current = new ArrayList<>();
                links = 0;
            }
            current.add(w);
            links += n;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    /**
     * Asks Slurm about every unfinished task of every active watch; returns whether anything changed. With
     * {@code sweep}, leftover successors that can never start are cancelled.
     */
    private boolean pollStatus(List<RunWatch> active, Instant now, boolean sweep) throws IOException {
        statusPolls.incrementAndGet();
        Map<String, List<RunWatch>> byDir = new HashMap<>();
        for (RunWatch w : active) {
            for (TaskRecord t : w.current().tasks()) {
                byDir.computeIfAbsent(t.taskDir(), d -> new ArrayList<>()).add(w);
            }
        }
        Map<String, String> files = RemoteFiles.read(host, new ArrayList<>(byDir.keySet()), CHAIN_FILES, CHAIN_FILE_LIMIT,
                settings.commandTimeout());
        List<QueueEntry> queue = slurm.queue();
        Map<String, AccountingEntry> accounting = accountingFor(active, queue);
        Set<String> cancel = new LinkedHashSet<>();
        boolean changed = false;
        for (RunWatch w : active) {
            changed |= w.observe(files, queue, accounting, now, cancel);
        }
        if (sweep && !cancel.isEmpty()) {
            slurm.cancel(new ArrayList<>(cancel));
            active.forEach(w -> w.sink().info("cancelled leftover jobs " + String.join(",", cancel)));
        }
        return changed;
    }

    /** One sacct call for the newest links that are no longer in the queue; empty (and narrated) when sacct is down. */
    private Map<String, AccountingEntry> accountingFor(List<RunWatch> active, List<QueueEntry> queue) {
        Set<String> queued = new LinkedHashSet<>();
        queue.forEach(q -> queued.add(q.jobId()));
        Set<String> wanted = new LinkedHashSet<>();
        for (RunWatch w : active) {
            for (TaskRecord t : w.current().tasks()) {
                if (!t.chainStopped() && t.currentJobId() != null && !queued.contains(t.currentJobId())) {
                    wanted.add(t.currentJobId());
                }
            }
        }
        if (wanted.isEmpty()) {
            return Map.of();
        }
        sacctCalls.incrementAndGet();
        try {
            Map<String, AccountingEntry> rows = SlurmClient.latestAllocations(slurm.accounting(new ArrayList<>(wanted)));
            if (accountingDown) {
                accountingDown = false;
                active.forEach(w -> w.sink().info("sacct answers again"));
            }
            return rows;
        } catch (IOException e) {
            if (!accountingDown) {
                accountingDown = true;
                active.forEach(w -> w.sink().warn("sacct is not answering (" + e.getMessage().lines().findFirst().orElse("")
                        + "); following the jobs through squeue and their own markers"));
            }
            return Map.of();
        }
    }

    /**
     * A message for one line of the user's log: a sink takes lines, and a failed command's message can quote a whole
     * script. Keeps the first and the last line, which say what failed and why.
     */
    static String oneLine(String message) {
        List<String> lines = message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.size() <= 1 ? String.join("", lines) : lines.get(0) + " … " + lines.get(lines.size() - 1);
    }

    private void recovered(List<RunWatch> active) {
        lastSuccess = clock.instant();
        if (outage != null) {
            outage = null;
            active.forEach(w -> w.sink().info("reconnected to " + host.describe() + "; watching again"));
        }
    }

    private void unreachable(List<RunWatch> active, Instant now, IOException e) {
        Duration down = Duration.between(lastSuccess, now);
        if (down.compareTo(settings.unreachableGrace()) > 0) {
            IOException failure = new IOException(host.describe() + " unreachable for " + down.toMinutes() + " min: "
                    + oneLine(String.valueOf(e.getMessage())), e);
            active.forEach(w -> w.fail(failure));
            return;
        }
        if (outage == null) {
            outage = String.valueOf(e.getMessage());
            lastReminder = now;
            String why = oneLine(outage);
            String until = settings.waitsForever() ? "retrying until it answers (the jobs go on meanwhile; abort to stop "
                    + "waiting)" : "retrying for up to " + settings.unreachableGrace().toMinutes() + " min";
            active.forEach(w -> w.sink().warn(host.describe() + " is not answering (" + why + "); " + until));
        } else if (Duration.between(lastReminder, now).toMinutes() >= REMINDER_MINUTES) {
            lastReminder = now;
            String why = oneLine(String.valueOf(e.getMessage()));
            active.forEach(w -> w.sink().warn(host.describe() + " still not answering after " + down.toMinutes()
                    + " min (" + why + "); still retrying"));
        }
        LOG.log(Level.FINE, "poll of " + host.describe() + " failed", e);
    }
}
