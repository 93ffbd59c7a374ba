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
