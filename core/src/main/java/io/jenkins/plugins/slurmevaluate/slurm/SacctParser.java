package io.jenkins.plugins.slurmevaluate.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/** Reads {@code sacct -P -n --format=}{@link #FIELDS} output into {@link AccountingEntry} rows. */
final class SacctParser {

    private static final Logger LOG = Logger.getLogger(SacctParser.class.getName());

    /** The columns we ask for, in this order. The two free-text columns come last; Comment, the freest, is last. */
    static final List<String> FIELDS = List.of(
            "JobID", "State", "ExitCode", "Elapsed", "ElapsedRaw", "Submit", "Start", "End", "JobName", "Comment");

    /**
     * The column separator we ask sacct for (ASCII unit separator). With the default {@code |}, a job named
     * {@code probe|name} shifts every later column (observed on the test bed), and job names and comments are
     * user text.
     */
    static final String SEPARATOR = "\u001f";

    private static final Pattern EXIT_CODE = Pattern.compile("([0-9]+):([0-9]+)");

    private SacctParser() {}

    static String format() {
        return String.join(",", FIELDS);
    }

    /**
     * Parses every row; blank lines and rows that do not start with a job id are skipped (logged at FINE).
     *
     * @param separator the column separator the output was printed with
     */
    static List<AccountingEntry> parse(String output, String separator) {
        List<AccountingEntry> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(Pattern.quote(separator), -1);
            int dot = f[0].indexOf('.');
            String jobId = dot < 0 ? f[0].strip() : f[0].substring(0, dot).strip();
            if (f.length < FIELDS.size() || !JobIds.isValid(jobId)) {
                LOG.fine(() -> "skipping a sacct line that is not a row: " + line);
                continue;
            }
            String step = dot < 0 ? null : f[0].substring(dot + 1).strip();
            var exit = EXIT_CODE.matcher(f[2].strip());
            boolean hasExit = exit.matches();
            String comment = String.join(separator, Arrays.asList(f).subList(FIELDS.size() - 1, f.length));
            rows.add(new AccountingEntry(
                    jobId,
                    step,
                    f[8],
                    JobState.parse(f[1]),
                    f[1].strip(),
                    hasExit ? Integer.valueOf(exit.group(1)) : null,
                    hasExit ? Integer.valueOf(exit.group(2)) : null,
                    elapsed(f[4], f[3]),
                    TimeFields.timestamp(f[5]),
                    TimeFields.timestamp(f[6]),
                    TimeFields.timestamp(f[7]),
                    comment));
        }
        return rows;
    }

    private static Duration elapsed(String raw, String text) {
        String r = raw.strip();
        if (r.matches("[0-9]{1,12}")) {
            return Duration.ofSeconds(Long.parseLong(r));
        }
        return TimeFields.duration(text);
    }
}
