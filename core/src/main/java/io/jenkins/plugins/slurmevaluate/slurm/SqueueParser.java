package io.jenkins.plugins.slurmevaluate.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** Reads {@code squeue -h -o }{@link #FORMAT} output into {@link QueueEntry} rows. */
final class SqueueParser {

    private static final Logger LOG = Logger.getLogger(SqueueParser.class.getName());

    /**
     * Job id, full state, reason, time used, time limit, dependency, comment. The comment is the only user text and
     * comes last, so a {@code |} inside it stays in it.
     */
    static final String FORMAT = "%i|%T|%r|%M|%l|%E|%k";

    private static final int COLUMNS = 7;

    private SqueueParser() {}

    /** Parses every row; blank lines and lines that do not start with a job id are skipped (logged at FINE). */
    static List<QueueEntry> parse(String output) {
        List<QueueEntry> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", COLUMNS);
            if (f.length < COLUMNS || !JobIds.isValid(f[0].strip())) {
                LOG.fine(() -> "skipping a squeue line that is not a row: " + line);
                continue;
            }
            rows.add(new QueueEntry(
                    f[0].strip(),
                    JobState.parse(f[1]),
                    f[1].strip(),
                    f[2].strip(),
                    SlurmTime.duration(f[3]),
                    SlurmTime.duration(f[4]),
                    orEmpty(f[5]),
                    orEmpty(f[6])));
        }
        return rows;
    }

    /** squeue prints {@code (null)} for an unset field. */
    private static String orEmpty(String value) {
        return "(null)".equals(value.strip()) ? "" : value;
    }
}
