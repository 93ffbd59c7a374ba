package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.layout.ChainEvent;
import io.jenkins.plugins.slurmevaluate.layout.ChainStatus;
import io.jenkins.plugins.slurmevaluate.slurm.AccountingEntry;
import io.jenkins.plugins.slurmevaluate.slurm.JobState;
import io.jenkins.plugins.slurmevaluate.slurm.QueueEntry;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, from one poll's worth of observations, what a task's chain is doing: which jobs belong to it, its
 * current state, whether and why it stopped, and which leftover jobs must be cancelled. A pure function, so every
 * case of {@code docs/chain-protocol.md} is tested without a cluster.
 *
 * <p>Sources, most trusted first: the chain's own {@code .chain_status} (the job says why it stopped), squeue (live
 * state, found by the chain's job name), sacct (final state of finished links), the links' own start/end markers
 * (when accounting is off or lags). An unknown state is never taken as success: without a {@code stopped} event a
 * chain only counts as completed when its last link's own end marker says exit 0.
 */
final class ChainTracker {

    /** Right after submission a job may not be visible anywhere yet; until then "nothing seen" means pending. */
    static final Duration SUBMIT_GRACE = Duration.ofMinutes(2);

    /** How long a running job of the chain may go without writing a chain event before it is counted as a link. */
    static final Duration SILENT_LINK_GRACE = Duration.ofMinutes(1);

    /** How long a chain with no live job and no readable final state is waited for before it is given up as unknown. */
    static final Duration UNKNOWN_GRACE = Duration.ofMinutes(10);

    /**
     * What one poll saw of a task.
     *
     * @param files the task's chain files by name relative to the task dir ({@code .chain_status},
     *     {@code .slurm_job_id.list}, {@code .killed}, {@code .jobs/<id>.start}, {@code .jobs/<id>.end})
     * @param queue squeue rows of this chain (found by job name or id)
     * @param accounting sacct allocation rows of this chain's links, by job id (empty when accounting is down)
     * @param now when the poll happened
     */
    record Observation(Map<String, String> files, List<QueueEntry> queue, Map<String, AccountingEntry> accounting, Instant now) {}

    /** The new task record, jobs to cancel, and lines worth telling the user. */
    record Update(TaskRecord task, List<String> cancel, List<String> messages) {}

    private ChainTracker() {}

    static Update observe(TaskRecord before, Observation all) {
        ChainStatus chain = ChainStatus.parse(all.files().getOrDefault(".chain_status", ""));
        // the auto-export job shares the chain's job name but is not a link: ExportTracker follows it
        List<QueueEntry> exportQueue = all.queue().stream().filter(q -> ExportTracker.isExportJob(chain, q)).toList();
        Observation o = exportQueue.isEmpty() ? all : new Observation(all.files(),
                all.queue().stream().filter(q -> !exportQueue.contains(q)).toList(), all.accounting(), all.now());
        if (before.chainStopped() && !anyActive(o.queue())) {
            return new Update(before, pendingIds(o.queue()), List.of()); // leftovers of the chain, never its export
        }
        List<String> messages = new ArrayList<>();
        TaskRecord t = before.withJobIds(links(before, chain, o));
        List<QueueEntry> live = o.queue().stream().filter(q -> q.state().isActive() && !q.waitsForever()).toList();
        List<String> cancel = new ArrayList<>(o.queue().stream().filter(QueueEntry::waitsForever).map(QueueEntry::jobId).toList());
        if (!live.isEmpty() || t.lastAlive() == null) {
            t = t.withLastAlive(o.now());
        }
        for (ChainEvent e : chain.events()) {
            // a new link took over: say which link ended how, or a TIMEOUT -> resume looks like one long RUNNING job
            if (e.event().equals("resumed") && !before.jobIds().contains(e.jobId())) {
                messages.add(t.id() + ": job " + e.attribute("prev").orElse("?") + " ended "
                        + e.attribute("prev_state").orElse("in an unknown state") + "; job " + e.jobId()
                        + " resumes the chain (link " + e.attribute("link").orElse("?") + ")");
            }
        }
        String state = currentState(t, chain, live, o);
        if (!state.equals(before.state())) {
            messages.add(describe(t, state, chain, live));
        }
        t = t.withState(state);

        Optional<ChainEvent> stopped = chain.stopped();
        if (stopped.isPresent()) {
            // the chain said it is over; anything of it still pending is a leftover
            cancel.addAll(pendingIds(o.queue()));
            if (anyActive(o.queue().stream().filter(q -> !cancel.contains(q.jobId())).toList())) {
                return new Update(t, distinct(cancel), messages); // the last link is still tearing down
            }
            String reason = stopped.get().attribute("reason").orElse("unknown");
            return followExportThenFinish(t, chain, reason, detail(stopped.get()), exportQueue, o, cancel, messages);
        }
        if (!live.isEmpty()) {
            return new Update(t, distinct(cancel), messages);
        }
        if (o.files().containsKey(".killed")) {
            return finish(t, "killed", "cancelled by slurm-evaluate kill", cancel, messages);
        }
        Duration quiet = Duration.between(t.lastAlive(), o.now());
        if (!t.submitted() || quiet.compareTo(SUBMIT_GRACE) < 0) {
            return new Update(t, distinct(cancel), messages); // not visible yet, or between two links
        }
        return concludeWithoutStopEvent(t, chain, exportQueue, o, cancel, messages, quiet);
    }

    /** A chain that has stopped: while its auto-export job runs the task stays open, then it is finished. */
    private static Update followExportThenFinish(TaskRecord stopping, ChainStatus chain, String reason, String detail,
            List<QueueEntry> exportQueue, Observation o, List<String> cancel, List<String> messages) {
        TaskRecord t = stopping;
        if (t.export() != null && !t.export().isFinal()) {
            ExportTracker.Result x = ExportTracker.observe(t.export(), chain, reason, detail, exportQueue, t.lastAlive(), o.now(),
                    o.files().containsKey(".killed"));
            x.cancel().ifPresent(cancel::add);
            if (x.following()) {
                if (!x.status().equals(t.export())) {
                    messages.add(t.id() + ": " + x.status().describe());
                }
                t = t.withExport(x.status());
                return new Update(exportQueue.isEmpty() ? t : t.withLastAlive(o.now()), distinct(cancel), messages);
            }
            t = t.withExport(x.status());
        }
        return finish(t, reason, detail, cancel, messages);
    }

    /** No live job and no {@code stopped} event: the chain ended without saying why (or we cannot see it yet). */
    private static Update concludeWithoutStopEvent(TaskRecord t, ChainStatus chain, List<QueueEntry> exportQueue,
            Observation o, List<String> cancel, List<String> messages, Duration quiet) {
        String last = t.currentJobId();
        JobState finalState = finalState(last, o);
        Optional<Integer> exit = endMarkerExit(last, o).or(() -> chain.exitCode(last));
        if (finalState == JobState.COMPLETED || (finalState == JobState.UNKNOWN && exit.isPresent())) {
            boolean ok = exit.map(c -> c == 0).orElse(finalState == JobState.COMPLETED);
            // the last link may have queued the export before it lost its stop event: follow that as well
            return followExportThenFinish(t, chain, ok ? "completed" : "failed", "job " + last + " exited "
                    + exit.map(String::valueOf).orElse("0") + " without a stop event", exportQueue, o, cancel, messages);
        }
        if (finalState.isResumable()) {
            return finish(t, "lost", "job " + last + " ended " + finalState + " but no successor is queued", cancel, messages);
        }
        if (finalState != JobState.UNKNOWN) {
            return finish(t, "prev_" + finalState.name().toLowerCase(java.util.Locale.ROOT),
                    "job " + last + " ended " + finalState, cancel, messages);
        }
        if (quiet.compareTo(UNKNOWN_GRACE) < 0) {
            return new Update(t, distinct(cancel), messages);
        }
        return finish(t, "unknown", "job " + last + " is gone from the queue and neither sacct nor its markers tell how it ended",
                cancel, messages);
    }

    private static Update finish(TaskRecord t, String reason, String detail, List<String> cancel, List<String> messages) {
        messages.add(t.id() + ": chain stopped: " + reason + (detail.isEmpty() ? "" : " (" + detail + ")")
                + budgetWords(reason, detail));
        TaskRecord stopped = ExportTracker.settle(t.withStop(reason, detail));
        if (stopped.export() != null) {
            messages.add(t.id() + ": " + stopped.export().describe());
        }
        return new Update(stopped, distinct(cancel), messages);
    }

    /**
     * The jobs of the chain: what we submitted, what the chain recorded (its links, and a successor that stopped the
     * chain without doing any work: it ran, and its log must be streamed too), and jobs of the chain Slurm shows
     * running. A successor that was cancelled before it ever started is not one of them.
     */
    private static List<String> links(TaskRecord t, ChainStatus chain, Observation o) {
        Set<String> ids = new LinkedHashSet<>(t.jobIds());
        ids.addAll(chain.links());
        ids.addAll(chain.jobsThatRan());
        // a running job of the chain joins once it says what it is (resumed, or a stop): until then it may be a
        // successor still asking sacct about its predecessor, and taking it in early would swallow the news of the
        // resume. That holds for the job-id list too, which a link appends to just before it writes "resumed". One
        // that stays silent for a minute (its chain files cannot be written?), or has left the queue, joins anyway.
        Set<String> undecided = new HashSet<>();
        o.queue().stream().filter(q -> q.state().isActive() && (q.timeUsed() == null
                || q.timeUsed().compareTo(SILENT_LINK_GRACE) < 0)).map(QueueEntry::jobId).forEach(undecided::add);
        o.files().getOrDefault(".slurm_job_id.list", "").lines().map(String::strip).filter(s -> s.matches("\\d+"))
                .filter(id -> ids.contains(id) || !undecided.contains(id)).forEach(ids::add);
        o.queue().stream().filter(q -> q.state() == JobState.RUNNING && !undecided.contains(q.jobId()))
                .map(QueueEntry::jobId).forEach(ids::add);
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparingLong(ChainTracker::numeric));
        return sorted;
    }

    private static String currentState(TaskRecord t, ChainStatus chain, List<QueueEntry> live, Observation o) {
        if (!live.isEmpty()) {
            QueueEntry newest = live.stream().max(Comparator.comparingLong(q -> numeric(q.jobId()))).orElseThrow();
            // a running link matters more than its queued successor
            return live.stream().filter(q -> q.state() != JobState.PENDING).max(Comparator.comparingLong(q -> numeric(q.jobId())))
                    .orElse(newest).state().name();
        }
        String last = lastLink(t, chain);
        return last == null ? "SUBMITTING" : finalState(last, o).name();
    }

    /**
     * The newest job that ran (or may run) the workload: a successor that only stopped the chain is left out, so the
     * state shown for a chain stopped by its budget is that of the link that used the budget up (TIMEOUT), not the
     * stopper's COMPLETED.
     */
    private static String lastLink(TaskRecord t, ChainStatus chain) {
        Set<String> stoppers = new LinkedHashSet<>(chain.jobsThatRan());
        stoppers.removeAll(chain.links());
        List<String> ids = t.jobIds().stream().filter(id -> !stoppers.contains(id)).toList();
        return ids.isEmpty() ? t.currentJobId() : ids.get(ids.size() - 1);
    }

    private static JobState finalState(String jobId, Observation o) {
        if (jobId == null) {
            return JobState.UNKNOWN;
        }
        Optional<QueueEntry> q = o.queue().stream().filter(e -> e.jobId().equals(jobId)).findFirst();
        if (q.isPresent() && q.get().state().isTerminal()) {
            return q.get().state();
        }
        AccountingEntry a = o.accounting().get(jobId);
        return a != null && a.state().isTerminal() ? a.state() : JobState.UNKNOWN;
    }

    private static Optional<Integer> endMarkerExit(String jobId, Observation o) {
        String end = o.files().get(".jobs/" + jobId + ".end");
        if (end == null) {
            return Optional.empty();
        }
        String[] f = end.strip().split("\\s+");
        return f.length >= 2 && f[1].matches("\\d{1,3}") ? Optional.of(Integer.valueOf(f[1])) : Optional.empty();
    }

    private static String describe(TaskRecord t, String state, ChainStatus chain, List<QueueEntry> live) {
        String job = live.stream().filter(q -> q.state().name().equals(state)).map(QueueEntry::jobId).findFirst()
                .orElse(t.currentJobId() == null ? "-" : lastLink(t, chain));
        int link = Math.max(1, chain.links().indexOf(job) + 1);
        return t.id() + ": job " + job + " " + state + (link > 1 ? " (link " + link + " of the chain)" : "");
    }

    /** What a budget stop means, as the job log says it (docs/chain-protocol.md, "Budgets"); "" for other reasons. */
    static String budgetWords(String reason, String detail) {
        Map<String, String> d = new HashMap<>();
        for (String kv : detail.split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                d.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return switch (reason) {
            case "no_progress" -> d.containsKey("links") && d.containsKey("within") ? ": the last " + d.get("links")
                    + " links each ended within " + d.get("within") + "s of starting without progress" : "";
            case "max_walltime" -> d.containsKey("used") && d.containsKey("limit") ? ": the links ran " + d.get("used")
                    + "s of max_walltime " + d.get("limit") + "s" : "";
            case "max_links" -> d.containsKey("limit") ? ": " + d.get("limit") + " links, max_chain_links" : "";
            default -> "";
        };
    }

    private static String detail(ChainEvent e) {
        return e.attributes().entrySet().stream().filter(a -> !a.getKey().equals("reason"))
                .map(a -> a.getKey() + "=" + a.getValue()).collect(Collectors.joining(" "));
    }

    private static boolean anyActive(List<QueueEntry> queue) {
        return queue.stream().anyMatch(q -> q.state().isActive() && q.state() != JobState.PENDING);
    }

    private static List<String> pendingIds(List<QueueEntry> queue) {
        return queue.stream().filter(q -> q.state() == JobState.PENDING).map(QueueEntry::jobId).toList();
    }

    private static List<String> distinct(List<String> ids) {
        return ids.stream().distinct().toList();
    }

    private static long numeric(String jobId) {
        String base = jobId.split("[_+]", 2)[0];
        return base.matches("\\d{1,18}") ? Long.parseLong(base) : Long.MAX_VALUE;
    }
}
