package io.jenkins.plugins.slurmevaluate.slurm;

import io.jenkins.plugins.slurmevaluate.config.time.SlurmTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * How squeue and sacct print times: durations such as {@code 1-02:03:04} and timestamps such as
 * {@code 2026-11-25T20:43:26}.
 */
final class TimeFields {

    private TimeFields() {}

    /**
     * Reads a duration as squeue and sacct print it ({@code [days-]hours:minutes:seconds}, {@code minutes:seconds},
     * {@code days-hours[:minutes]}, a bare number of minutes), with the project's one Slurm time grammar.
     *
     * @return null for {@code UNLIMITED}, {@code INVALID}, {@code NOT_SET}, {@code Partition_Limit}, blank or
     *     anything else that is not a duration
     */
    static Duration duration(String text) {
        OptionalLong seconds = SlurmTime.seconds(text == null ? null : text.strip());
        return seconds.isPresent() ? Duration.ofSeconds(seconds.getAsLong()) : null;
    }

    /**
     * Parses the standard timestamp ({@code SLURM_TIME_FORMAT=standard}).
     *
     * @return null for {@code Unknown} (not started), {@code None} (never started), blank, or another format
     */
    static LocalDateTime timestamp(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
