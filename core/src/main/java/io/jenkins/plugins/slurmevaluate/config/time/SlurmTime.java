package io.jenkins.plugins.slurmevaluate.config.time;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Slurm time limit, as {@code sbatch --time} reads it: {@code MM}, {@code MM:SS}, {@code HH:MM:SS},
 * {@code D-HH}, {@code D-HH:MM}, {@code D-HH:MM:SS}, or {@code UNLIMITED}/{@code INFINITE}. Keeps the text as
 * written (for {@code #SBATCH --time}) and the length in seconds (for readiness timeouts and the chain budget).
 * Fields are decimal even with leading zeros ({@code 08} is eight, the bug fixed by the launcher's PR #916). The
 * leading field may be any size ({@code 120:00:00}, {@code 90}); the others must be below 60 (24 for hours after
 * days).
 *
 * <p>This is the project's one reading of Slurm's time grammar: {@link #parse} for what users write, {@link #seconds}
 * for what Slurm prints and what the batch script's {@code _se_duration_seconds} reads.
 */
public final class SlurmTime {

    private static final Pattern PLAIN = Pattern.compile("(\\d{1,9})(?::(\\d{1,2}))?(?::(\\d{1,2}))?");
    private static final Pattern DAYS = Pattern.compile("(\\d{1,6})-(\\d{1,2})(?::(\\d{1,2}))?(?::(\\d{1,2}))?");

    /** The forms sbatch accepts, for messages. */
    public static final String FORMS = "MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS";

    private static final Pattern ANY_DAYS = Pattern.compile("([0-9]+)-([0-9]+)(?::([0-9]+)(?::([0-9]+))?)?");
    private static final Pattern ANY_PLAIN = Pattern.compile("([0-9]+)(?::([0-9]+))?(?::([0-9]+))?");
    /** Far beyond any real limit, and small enough that bash's 64-bit arithmetic cannot overflow. */
    private static final long MAX_SECONDS = 100L * 365 * 86400;

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

    /**
     * Slurm's grammar without the checks {@link #parse} makes on what users write: fields of any size and with
     * leading zeros read as decimal, as squeue and sacct print durations and as the script's
     * {@code _se_duration_seconds} reads them (tested against it). Empty for anything else, for {@code UNLIMITED},
     * and beyond 100 years.
     */
    public static OptionalLong seconds(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        Matcher m;
        long total;
        try {
            if ((m = ANY_DAYS.matcher(text)).matches()) {
                total = Math.addExact(Math.addExact(Math.addExact(field(m.group(1), 86400), field(m.group(2), 3600)),
                        field(m.group(3), 60)), field(m.group(4), 1));
            } else if ((m = ANY_PLAIN.matcher(text)).matches()) {
                total = m.group(2) == null ? field(m.group(1), 60) // a bare number is minutes
                        : m.group(3) == null ? Math.addExact(field(m.group(1), 60), field(m.group(2), 1))
                        : Math.addExact(Math.addExact(field(m.group(1), 3600), field(m.group(2), 60)), field(m.group(3), 1));
            } else {
                return OptionalLong.empty();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return total <= MAX_SECONDS ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /** A decimal field times its unit; 0 when absent. */
    private static long field(String digits, long unit) {
        return digits == null ? 0 : Math.multiplyExact(Long.parseLong(digits), unit);
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
