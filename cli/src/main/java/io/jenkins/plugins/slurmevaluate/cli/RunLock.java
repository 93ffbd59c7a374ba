package io.jenkins.plugins.slurmevaluate.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Only one process follows a run at a time: two would both print its logs and overwrite each other's offsets. The
 * lock is an OS file lock on the run's {@link SavedOptions} file (rewritten in place, never replaced), so a process
 * that dies (even by SIGKILL) releases it, and a new one can re-attach at once. {@code status} and {@code kill} need
 * no lock.
 */
final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws CliFailure (exit 2) when another process follows the run */
    static RunLock acquire(Path stateDir, String invocationId) throws CliFailure, IOException {
        Files.createDirectories(stateDir);
        Path file = SavedOptions.file(stateDir, invocationId);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw CliFailure.invalid("invocation " + invocationId + " is being followed by another slurm-evaluate process; "
                    + "stop that one first (Ctrl-C leaves the jobs running), or use 'slurm-evaluate status " + invocationId + "'");
        }
        return new RunLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
