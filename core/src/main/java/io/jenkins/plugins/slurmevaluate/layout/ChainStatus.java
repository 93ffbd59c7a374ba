package io.jenkins.plugins.slurmevaluate.layout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a task's {@code .chain_status} file says about its chain: which links ran, which successors are queued or
 * were cancelled, and whether (and why) the chain stopped.
 */
public final class ChainStatus {

    private final List<ChainEvent> events;

    private ChainStatus(List<ChainEvent> events) {
        this.events = List.copyOf(events);
    }

    public static ChainStatus parse(String content) {
        return new ChainStatus(ChainEvent.parseAll(content));
    }

    public List<ChainEvent> events() {
        return events;
    }

    /** Job ids of the links that decided to run ({@code started}/{@code resumed}), in order. */
    public List<String> links() {
        return events.stream().filter(e -> e.event().equals("started") || e.event().equals("resumed"))
                .map(ChainEvent::jobId).distinct().toList();
    }

    /**
     * Job ids of every job that wrote an event, in first-seen order: the links, and also a successor that stopped the
     * chain before doing any work ({@code killed}, {@code prev_*}, {@code max_*}). Such a job ran and has a log, but
     * is not in {@link #links()}. A successor cancelled before it started wrote nothing and is not here.
     */
    public List<String> jobsThatRan() {
        // the export job writes export_end, but is not a link of the chain
        return events.stream().filter(e -> !e.event().equals("export_end")).map(ChainEvent::jobId).distinct().toList();
    }

    /** The {@code stopped} event, if the chain has ended. */
    public Optional<ChainEvent> stopped() {
        return events.stream().filter(e -> e.event().equals("stopped")).reduce((a, b) -> b);
    }

    /** The reason of the {@code stopped} event ({@code completed}, {@code failed}, {@code max_walltime}, …). */
    public Optional<String> stopReason() {
        return stopped().flatMap(e -> e.attribute("reason"));
    }

    /**
     * Successors queued by the links that neither ran (became a link) nor were cancelled by the chain since:
     * candidates for a job still pending, or for a leftover the watcher has to cancel.
     */
    public Set<String> queuedSuccessors() {
        Set<String> queued = new LinkedHashSet<>();
        for (ChainEvent e : events) {
            if (e.event().equals("successor")) {
                e.attribute("id").ifPresent(queued::add);
            } else if (e.event().equals("successor_cancelled")) {
                e.attribute("id").ifPresent(queued::remove);
            }
        }
        queued.removeAll(links());
        return queued;
    }

    /** Every job id the file mentions (links, successors, predecessors), in first-seen order. */
    public List<String> allJobIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (ChainEvent e : events) {
            ids.add(e.jobId());
            e.attribute("prev").ifPresent(ids::add);
            if (e.event().startsWith("successor")) {
                e.attribute("id").ifPresent(ids::add);
            }
        }
        return new ArrayList<>(ids);
    }

    /** The auto-export job the chain's last link queued ({@code export id=N}), if any. */
    public Optional<String> exportJob() {
        return last("export").flatMap(e -> e.attribute("id"));
    }

    /** The auto-export's own last word: the exit code of the export job ({@code export_end code=N}). */
    public Optional<Integer> exportExitCode() {
        return last("export_end").flatMap(e -> e.attribute("code")).filter(c -> c.matches("\\d{1,3}")).map(Integer::valueOf);
    }

    /**
     * Why the link that completed the chain did not queue the export ({@code export_failed} / {@code export_skipped}),
     * when that is the chain's last word on it: an earlier link may have queued one ({@code export id=N}) and then hit
     * its time limit, which leaves that job waiting forever on its afterok.
     */
    public Optional<ChainEvent> exportNotQueued() {
        return events.stream().filter(e -> java.util.Set.of("export", "export_failed", "export_skipped").contains(e.event()))
                .reduce((a, b) -> b).filter(e -> !e.event().equals("export"));
    }

    private Optional<ChainEvent> last(String event) {
        return events.stream().filter(e -> e.event().equals(event)).reduce((a, b) -> b);
    }

    /** The exit code the given link's shell reported, if it got as far as its EXIT trap. */
    public Optional<Integer> exitCode(String jobId) {
        return events.stream().filter(e -> e.event().equals("exit") && e.jobId().equals(jobId)).reduce((a, b) -> b)
                .flatMap(e -> e.attribute("code")).filter(c -> c.matches("\\d{1,3}")).map(Integer::valueOf);
    }
}
