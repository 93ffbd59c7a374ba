package io.jenkins.plugins.slurmevaluate.run;

import java.time.Duration;

/**
 * How often a {@link ClusterWatcher} asks Slurm and reads logs. Status polls start at {@code minStatusInterval},
 * grow by {@code backoff} while nothing changes, up to {@code maxStatusInterval}, and drop back to the minimum on any
 * change. Log reads follow the same rule between their own bounds, so output that flows is printed within about a
 * second.
 *
 * @param minStatusInterval first and fastest status poll
 * @param maxStatusInterval slowest status poll
 * @param minLogInterval fastest log read while output flows
 * @param maxLogInterval slowest log read while the logs are quiet
 * @param backoff growth factor of both intervals while nothing changes
 * @param unreachableGrace how long the cluster may stay unreachable before the watch fails
 * @param commandTimeout timeout of each remote command
 */
public record WatchSettings(Duration minStatusInterval, Duration maxStatusInterval, Duration minLogInterval,
        Duration maxLogInterval, double backoff, Duration unreachableGrace, Duration commandTimeout) {

    /**
     * A grace that never ends: the watch waits for the cluster however long it is away, and whoever drives it decides
     * when to give up (a Jenkins build: the user's abort or {@code timeout}).
     */
    public static final Duration FOREVER = Duration.ofDays(36_500);

    public static WatchSettings defaults() {
        return new WatchSettings(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofMillis(500),
                Duration.ofSeconds(3), 1.5, Duration.ofMinutes(30), Duration.ofSeconds(60));
    }

    public WatchSettings withUnreachableGrace(Duration grace) {
        return new WatchSettings(minStatusInterval, maxStatusInterval, minLogInterval, maxLogInterval, backoff, grace, commandTimeout);
    }

    public WatchSettings withStatusIntervals(Duration min, Duration max) {
        return new WatchSettings(min, max, minLogInterval, maxLogInterval, backoff, unreachableGrace, commandTimeout);
    }

    /** Whether the watch waits for an unreachable cluster without end. */
    public boolean waitsForever() {
        return unreachableGrace.compareTo(FOREVER) >= 0;
    }

    Duration grow(Duration current, Duration max) {
        long next = (long) (current.toMillis() * backoff);
        return Duration.ofMillis(Math.min(next, max.toMillis()));
    }
}
