package io.jenkins.plugins.slurmevaluate.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** Reads {@code squeue -h -o }{@link #FORMAT} output into {@link QueueEntry} rows. */
final class SqueueParser {

    private static final Logger LOG = Logger.getLogger(SqueueParser.class.getName());

    /** The field separator: the ASCII unit separator, which job names and comments (user text) do not contain. */
    static final String SEP = "\u001f";

    /**
     * Job id, full state, reason, time used, time limit, dependency, job name, comment. squeue prints the format's
     * literal characters as they are, so the unit separator keeps a {@code |} in a job name or comment where it is.
     */
    static final String FORMAT = String.join(SEP, "%i", "%T", "%r", "%M", "%l", "%E", "%j", "%k");

    private static final int COLUMNS = 8;

    private SqueueParser() {}

    /** Parses every row; blank lines and lines that do not start with a job id are skipped (logged at FINE). */
    static List<QueueEntry> parse(String output) {
        List<QueueEntry> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(SEP, COLUMNS);
            if (f.length < COLUMNS || !JobIds.isValid(f[0].strip())) {
                LOG.fine(() -> "skipping a squeue line that is not a row: " + line);
                continue;
            }
            rows.add(new QueueEntry(
                    f[0].strip(),
                    JobState.parse(f[1]),
                    f[1].strip(),
                    f[2].strip(),
                    TimeFields.duration(f[3]),
                    TimeFields.duration(f[4]),
                    orEmpty(f[5]),
                    f[6],
                    orEmpty(f[7])));
        }
        return rows;
    }

    /** squeue prints {@code (null)} for an unset field. */
    private static String orEmpty(String value) {
        return "(null)".equals(value.strip()) ? "" : value;
    }
}
