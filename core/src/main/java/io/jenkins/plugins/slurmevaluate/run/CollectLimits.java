package io.jenkins.plugins.slurmevaluate.run;

import java.time.Duration;

/**
 * Bounds on one artifact download: a runaway evaluation that writes a terabyte of scratch data must not fill the
 * Jenkins controller's disk.
 *
 * @param maxBytes total size of the files
 * @param maxFiles number of files
 * @param timeout how long the whole download may take
 */
public record CollectLimits(long maxBytes, int maxFiles, Duration timeout) {

    /** 20 GiB, 200,000 files, 2 hours. */
    public static CollectLimits defaults() {
        return new CollectLimits(20L << 30, 200_000, Duration.ofHours(2));
    }
}
