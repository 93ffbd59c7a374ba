package io.jenkins.plugins.slurmevaluate.slurm;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/** Slurm's time texts: durations such as {@code 1-02:03:04} and timestamps such as {@code 2026-11-25T20:43:26}. */
final class SlurmTime {

    private SlurmTime() {}

    /**
     * Parses {@code [days-]hours:minutes:seconds}, {@code minutes:seconds}, {@code days-hours[:minutes]} and a bare
     * number of minutes, as squeue and sacct print them.
     *
     * @return null for {@code UNLIMITED}, {@code INVALID}, {@code NOT_SET}, {@code Partition_Limit}, blank or
     *     anything else that is not a duration
     */
    static Duration duration(String text) {
        if (text == null || !text.strip().matches("([0-9]+-)?[0-9]+(:[0-9]+){0,2}")) {
            return null;
        }
        String t = text.strip();
        long days = 0;
        int dash = t.indexOf('-');
        if (dash >= 0) {
            days = Long.parseLong(t.substring(0, dash));
            t = t.substring(dash + 1);
        }
        String[] p = t.split(":");
        long h;
        long m;
        long s;
        if (dash >= 0) { // days-hours, days-hours:minutes, days-hours:minutes:seconds
            h = Long.parseLong(p[0]);
            m = p.length > 1 ? Long.parseLong(p[1]) : 0;
            s = p.length > 2 ? Long.parseLong(p[2]) : 0;
        } else if (p.length == 3) {
            h = Long.parseLong(p[0]);
            m = Long.parseLong(p[1]);
            s = Long.parseLong(p[2]);
        } else if (p.length == 2) {
            h = 0;
            m = Long.parseLong(p[0]);
            s = Long.parseLong(p[1]);
        } else {
            h = 0;
            m = Long.parseLong(p[0]);
            s = 0;
        }
        return Duration.ofDays(days).plusHours(h).plusMinutes(m).plusSeconds(s);
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
