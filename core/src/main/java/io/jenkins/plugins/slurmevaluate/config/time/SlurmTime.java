package io.jenkins.plugins.slurmevaluate.config.time;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Slurm time limit, as {@code sbatch --time} reads it: {@code MM}, {@code MM:SS}, {@code HH:MM:SS},
 * {@code D-HH}, {@code D-HH:MM}, {@code D-HH:MM:SS}, or {@code UNLIMITED}/{@code INFINITE}. Keeps the text as
 * written (for {@code #SBATCH --time}) and the length in seconds (for readiness timeouts and the chain budget).
 * Fields are decimal even with leading zeros ({@code 08} is eight, the bug fixed by the launcher's PR #916). The
 * leading field may be any size ({@code 120:00:00}, {@code 90}); the others must be below 60 (24 for hours after
 * days).
 */
public final class SlurmTime {

    private static final Pattern PLAIN = Pattern.compile("(\\d{1,9})(?::(\\d{1,2}))?(?::(\\d{1,2}))?");
    private static final Pattern DAYS = Pattern.compile("(\\d{1,6})-(\\d{1,2})(?::(\\d{1,2}))?(?::(\\d{1,2}))?");

    /** The forms sbatch accepts, for messages. */
    public static final String FORMS = "MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS";

    private final String text;
    private final long seconds;

    private SlurmTime(String text, long seconds) {
        this.text = text;
        this.seconds = seconds;
    }

    /**
     * @throws IllegalArgumentException with a message that says which forms are accepted
     */
    public static SlurmTime parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.equalsIgnoreCase("UNLIMITED") || t.equalsIgnoreCase("INFINITE")) {
            return new SlurmTime(t.toUpperCase(Locale.ROOT), -1);
        }
        Matcher m = DAYS.matcher(t);
        long secs;
        if (m.matches()) {
            long days = Long.parseLong(m.group(1));
            long hours = bounded(m.group(2), 24, "hours", text);
            long minutes = m.group(3) == null ? 0 : bounded(m.group(3), 60, "minutes", text);
            long s = m.group(4) == null ? 0 : bounded(m.group(4), 60, "seconds", text);
            secs = ((days * 24 + hours) * 60 + minutes) * 60 + s;
        } else if ((m = PLAIN.matcher(t)).matches()) {
            long first = Long.parseLong(m.group(1));
            if (m.group(2) == null) {
                secs = first * 60; // a bare number is minutes
            } else if (m.group(3) == null) {
                secs = first * 60 + bounded(m.group(2), 60, "seconds", text);
            } else {
                secs = (first * 60 + bounded(m.group(2), 60, "minutes", text)) * 60 + bounded(m.group(3), 60, "seconds", text);
            }
        } else {
            throw new IllegalArgumentException("'" + text + "' is not a Slurm time; write " + FORMS
                    + " (for example \"04:00:00\" or \"2-00:00:00\")");
        }
        if (secs == 0) {
            throw new IllegalArgumentException("'" + text + "' is zero, which Slurm reads as no limit at all; "
                    + "give a real limit such as \"01:00:00\"");
        }
        return new SlurmTime(t, secs);
    }

    private static long bounded(String field, int limit, String what, String text) {
        long v = Long.parseLong(field);
        if (v >= limit) {
            throw new IllegalArgumentException("'" + text + "' has " + v + " " + what + "; " + what
                    + " must be below " + limit + " in " + FORMS);
        }
        return v;
    }

    /** The text as written (trimmed), which is what goes after {@code #SBATCH --time}. */
    public String text() {
        return text;
    }

    public boolean isUnlimited() {
        return seconds < 0;
    }

    /** @throws IllegalStateException if unlimited */
    public long seconds() {
        if (isUnlimited()) {
            throw new IllegalStateException("an UNLIMITED time has no length in seconds");
        }
        return seconds;
    }

    /** @throws IllegalStateException if unlimited */
    public Duration duration() {
        return Duration.ofSeconds(seconds());
    }

    /** {@code HH:MM:SS} with hours unbounded (e.g. {@code 120:00:00}): a form every tool reads the same way. */
    public String toHms() {
        long s = seconds();
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlurmTime other && other.text.equals(text) && other.seconds == seconds;
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
