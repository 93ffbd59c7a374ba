package io.jenkins.plugins.slurmevaluate.remote;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A machine that can run Slurm commands and holds the shared filesystem: the cluster's login node, reached over SSH
 * or, when this process already runs there, directly.
 *
 * <p>Commands are given as argv tokens, never as a command string: the adapter quotes every token with
 * {@link io.jenkins.plugins.slurmevaluate.shell.Shell#join} so that no value can be re-split or expanded. When a
 * pipeline is really needed, pass {@code List.of("bash", "-c", script)} with {@code script} itself built by
 * {@code Shell.join}.
 *
 * <p>Implementations are thread-safe: many runs in one process share one {@code RemoteHost} per cluster, and the
 * SSH adapter multiplexes their calls as channels over one connection. An {@link IOException} means the host could
 * not be reached or the transfer broke (retry later); a command that ran and failed is a normal {@link ExecResult}
 * with a non-zero exit code. {@link HostKeyRejectedException} and {@link AuthenticationFailedException} are
 * {@code IOException}s that retrying cannot fix.
 *
 * <p><b>No call is retried by the adapter.</b> When the connection drops while a command runs, the call fails and
 * the next call reconnects; whether the command ran is then unknown. Queries ({@code squeue}, {@code sacct}, reads)
 * can simply be asked again; a command with effects, above all {@code sbatch}, must not be re-sent blindly: look for
 * the job first (by the comment or name it was submitted with).
 *
 * <p>Relative paths are relative to the login (home) directory; {@code ~} is not expanded.
 */
public interface RemoteHost extends Closeable {

    /**
     * A host reached over SSH with one shared connection, opened on the first call. Nothing is sent before the host
     * key has been verified by {@link SshSettings#hostKeyPolicy()}.
     */
    static RemoteHost ssh(SshSettings settings) {
        return new SshRemoteHost(settings);
    }

    /** This machine, as the current user, with the home directory as working directory. */
    static RemoteHost local() {
        return new LocalRemoteHost(Path.of(System.getProperty("user.home")));
    }

    /**
     * Runs {@code argv} and collects its output.
     *
     * @param timeout how long to wait for the command to finish; on expiry the command is abandoned and an
     *     {@link java.io.InterruptedIOException} is thrown
     */
    ExecResult exec(List<String> argv, Duration timeout) throws IOException;

    /**
     * Runs {@code argv} and copies its standard output, as it arrives, to {@code stdout} (for example a tar
     * stream). Standard error is collected into the result, whose {@code stdout} is empty. The SSH adapter writes to
     * {@code stdout} from the thread that reads the shared connection, so the stream must be quick (a file, a
     * buffer); if writing to it fails, the call fails with that error.
     */
    ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) throws IOException;

    /**
     * Writes {@code content} to {@code path}, creating the parent directories. The file has permission bits
     * {@code mode} from the moment it exists (it is written under a temporary name created with that mode and then
     * renamed), so a secret is never readable by others, not even briefly.
     */
    void writeFile(String path, byte[] content, int mode) throws IOException;

    /**
     * Writes several files that share a mode, each as {@link #writeFile} would (parents created, the mode from the
     * moment the file exists, replaced atomically). The SSH adapter sends many files in one command instead of one
     * command each; a failure may leave some of them written. This default writes them one by one.
     *
     * @param files path → content, written in this order
     */
    default void writeFiles(Map<String, byte[]> files, int mode) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            writeFile(f.getKey(), f.getValue(), mode);
        }
    }

    /**
     * Reads at most {@code maxBytes} of {@code path} starting at byte {@code offset}.
     *
     * @return the bytes read (empty at end of file) and the file's current size; {@link FileChunk#missing()} when
     *     the file does not exist (yet). A size below {@code offset} means the file was truncated or replaced.
     */
    FileChunk readFile(String path, long offset, int maxBytes) throws IOException;

    /** A short description for messages, such as {@code slurmtest@login1:22} or {@code local}. */
    String describe();

    /** How many TCP connections this host has opened so far, reconnects included; 0 for the local host. */
    default int connectionCount() {
        return 0;
    }
}
