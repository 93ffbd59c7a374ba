package io.jenkins.plugins.slurmevaluate.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where run records live between processes. The CLI keeps them as JSON files (default {@code
 * ~/.slurm-evaluate/runs/}); the Jenkins plugin keeps the record inside the step execution instead.
 */
public interface RunStore {

    /** Writes the record atomically, replacing any earlier version. */
    void save(RunRecord record) throws IOException;

    /**
     * Saves like {@link #save(RunRecord)}, and runs {@code beforeCommit} after the new version is written but right
     * before it replaces the old one. A caller that prints what the record accounts for (log lines up to its offsets)
     * prints them there: a process killed at any instant has then printed nothing the saved record does not count,
     * and may at worst print again the lines of the one save that was under way, not lose them. The default prints
     * first and then saves.
     */
    default void save(RunRecord record, Runnable beforeCommit) throws IOException {
        beforeCommit.run();
        save(record);
    }

    /**
     * Finds a record by its invocation id or by a unique prefix of it.
     *
     * @throws IOException when the prefix matches several records (the message lists them) or a file is unreadable
     */
    Optional<RunRecord> find(String idOrPrefix) throws IOException;

    /** Every stored record, newest first. */
    List<RunRecord> list() throws IOException;

    /** A store of JSON files in {@code dir}, created with mode 0700 when missing. */
    static RunStore inDirectory(Path dir) {
        return new FileRunStore(dir);
    }

    /** {@code ~/.slurm-evaluate/runs}. */
    static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".slurm-evaluate", "runs");
    }
}
