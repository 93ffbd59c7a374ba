package io.jenkins.plugins.slurmevaluate.state;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** One {@code <invocation id>.json} file per run, written to a temporary file and renamed into place. */
final class FileRunStore implements RunStore {

    private final Path dir;

    FileRunStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public void save(RunRecord record) throws IOException {
        save(record, () -> {});
    }

    @Override
    public synchronized void save(RunRecord record, Runnable beforeCommit) throws IOException {
        ensureDirectory();
        Path target = dir.resolve(record.invocationId() + ".json");
        Path tmp = Files.createTempFile(dir, record.invocationId(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, RunRecordJson.write(record));
            beforeCommit.run(); // the rename below is the commit: nothing slow may come between the two
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Optional<RunRecord> find(String idOrPrefix) throws IOException {
        if (idOrPrefix.isEmpty() || !idOrPrefix.matches("[0-9a-f]{1,16}")) {
            throw new IOException("not an invocation id: '" + idOrPrefix + "' (expected up to 16 lowercase hex digits)");
        }
        List<Path> matches = new ArrayList<>();
        for (Path p : files()) {
            if (p.getFileName().toString().startsWith(idOrPrefix)) {
                matches.add(p);
            }
        }
        if (matches.size() > 1) {
            throw new IOException("invocation id prefix '" + idOrPrefix + "' is ambiguous; it matches "
                    + matches.stream().map(p -> p.getFileName().toString().replace(".json", "")).sorted().toList());
        }
        return matches.isEmpty() ? Optional.empty() : Optional.of(read(matches.get(0)));
    }

    @Override
    public List<RunRecord> list() throws IOException {
        List<RunRecord> all = new ArrayList<>();
        for (Path p : files()) {
            all.add(read(p));
        }
        all.sort(Comparator.comparing(RunRecord::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return all;
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{16}\\.json")).sorted().toList();
        }
    }

    private static RunRecord read(Path p) throws IOException {
        try {
            return RunRecordJson.read(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new IOException("cannot read run record " + p + ": " + e.getMessage(), e);
        }
    }

    private void ensureDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // created concurrently by another process: fine
        }
    }
}
