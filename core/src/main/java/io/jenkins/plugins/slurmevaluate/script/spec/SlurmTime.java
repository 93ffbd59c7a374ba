package io.jenkins.plugins.slurmevaluate.script.spec;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's time formats ({@code MM}, {@code MM:SS}, {@code HH:MM:SS}, {@code D-HH}, {@code D-HH:MM},
 * {@code D-HH:MM:SS}) in seconds. The same grammar as {@code _se_duration_seconds} in the script's library, and
 * tested against it, so Java refuses exactly what the script could not read.
 */
final class SlurmTime {

    private static final Pattern DAYS = Pattern.compile("([0-9]+)-([0-9]+)(?::([0-9]+)(?::([0-9]+))?)?");
    private static final Pattern HMS = Pattern.compile("([0-9]+):([0-9]+):([0-9]+)");
    private static final Pattern MS = Pattern.compile("([0-9]+):([0-9]+)");
    private static final Pattern M = Pattern.compile("([0-9]+)");
    /** Far beyond any real limit, and small enough that bash's 64-bit arithmetic cannot overflow. */
    private static final long MAX_SECONDS = 100L * 365 * 86400;

    private SlurmTime() {}

    static OptionalLong seconds(String text) {
        Matcher m;
        long total;
        try {
            if ((m = DAYS.matcher(text)).matches()) {
                total = add(add(add(field(m.group(1), 86400), field(m.group(2), 3600)), field(m.group(3), 60)),
                        field(m.group(4), 1));
            } else if ((m = HMS.matcher(text)).matches()) {
                total = add(add(field(m.group(1), 3600), field(m.group(2), 60)), field(m.group(3), 1));
            } else if ((m = MS.matcher(text)).matches()) {
                total = add(field(m.group(1), 60), field(m.group(2), 1));
            } else if ((m = M.matcher(text)).matches()) {
                total = field(m.group(1), 60);
            } else {
                return OptionalLong.empty();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return total <= MAX_SECONDS ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /** A decimal field (leading zeros are decimal, as with bash's 10#) times its unit; 0 when absent. */
    private static long field(String digits, long unit) {
        return digits == null ? 0 : Math.multiplyExact(Long.parseLong(digits), unit);
    }

    private static long add(long a, long b) {
        return Math.addExact(a, b);
    }
}
