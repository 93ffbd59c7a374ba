package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Downloads the {@code artifacts/} and {@code logs/} of every task as one tar stream over the existing connection
 * and unpacks it into a local directory, {@code <dest>/<task dir name>/...}. Caches and other bulky internals are left
 * out as the reference does. The stream is unpacked while it arrives (nothing is buffered whole), entries that would
 * land outside the destination, links and devices are refused, and the total size and file count are capped.
 */
final class ArtifactCollector {

    /** What the reference leaves out of a full copy: response caches, databases, locks, scratch data. */
    static final List<String> EXCLUDES = List.of("*cache*", "*.db", "*.lock", "synthetic", "debug.json",
            "preprocessed_datasets", "evaluator_rollouts.jsonl");

    /** How far the download may run ahead of unpacking. */
    static final int PIPE_BYTES = 4 << 20;
    /** The unpacking thread's copy buffer. */
    static final int COPY_BYTES = 1 << 20;

    private final RemoteHost host;

    ArtifactCollector(RemoteHost host) {
        this.host = host;
    }

    Collected collect(RunRecord record, Path dest, CollectLimits limits) throws IOException {
        List<String> argv = new ArrayList<>(List.of("tar", "-C", record.invocationDir(), "--ignore-failed-read", "-cf", "-"));
        for (String e : EXCLUDES) {
            argv.add("--exclude=" + e);
        }
        List<String> members = new ArrayList<>();
        for (TaskRecord t : record.tasks()) {
            String name = t.taskDir().substring(t.taskDir().lastIndexOf('/') + 1);
            members.add(name + "/artifacts");
            members.add(name + "/logs");
        }
        // tar fails on a member that does not exist; list only those that do, in the same command
        String script = "cd \"$1\" || exit 2; shift; m=(); for p in \"$@\"; do [ -e \"$p\" ] && m+=(\"$p\"); done; "
                + "[ ${#m[@]} -eq 0 ] && exit 0; exec \"${TAR[@]}\" \"${m[@]}\"";
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "TAR=(" + io.jenkins.plugins.slurmevaluate.shell.Shell.join(argv) + "); " + script, "collect", record.invocationDir()));
        command.addAll(members);
        Files.createDirectories(dest);
        return unpack(command, dest.toRealPath(), limits);
    }

    private Collected unpack(List<String> command, Path dest, CollectLimits limits) throws IOException {
        // not PipedInputStream (it fails when the writing thread ends before it closes its end), and not an OS pipe
        // (64 KiB, a system call per packet): the SSH thread runs ahead into a large buffer
        BytePipe pipe = new BytePipe(PIPE_BYTES);
        InputStream in = pipe.source();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                outcome.set(extract(in, dest, limits));
            } catch (IOException | RuntimeException e) {
                outcome.set(e);
            } finally {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing our own end
                }
            }
        }, "slurm-evaluate collect " + dest.getFileName());
        reader.setDaemon(true);
        reader.start();
        ExecResult r;
        try (OutputStream out = pipe.sink()) {
            r = host.execStreaming(command, out, limits.timeout());
        } catch (IOException e) {
            if (outcome.get() instanceof IOException limit) {
                throw limit; // the reader stopped on purpose (a limit), which broke the pipe
            }
            throw e;
        }
        try {
            reader.join(limits.timeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking artifacts", e);
        }
        Object o = outcome.get();
        if (o instanceof IOException e) {
            throw e;
        }
        if (o instanceof RuntimeException e) {
            throw new IOException("cannot unpack the artifacts: " + e.getMessage(), e);
        }
        if (!r.ok()) {
            throw new IOException("downloading artifacts from " + host.describe() + " failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
        return (Collected) o;
    }

    static Collected extract(InputStream stream, Path dest, CollectLimits limits) throws IOException {
        int files = 0;
        long bytes = 0;
        byte[] buffer = new byte[COPY_BYTES];
        try (TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = dest.resolve(e.getName()).normalize();
                if (!target.startsWith(dest)) {
                    throw new IOException("refusing archive entry outside the destination: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isFile()) {
                    if (++files > limits.maxFiles()) {
                        throw new IOException("more than " + limits.maxFiles() + " files to download; raise the file limit");
                    }
                    bytes += e.getSize();
                    if (bytes > limits.maxBytes()) {
                        throw new IOException("artifacts exceed " + (limits.maxBytes() >> 20) + " MiB; raise the size limit");
                    }
                    Files.createDirectories(target.getParent());
                    copy(tar, target, buffer);
                }
                // links, devices and fifos are skipped: artifacts are plain files
            }
        }
        return new Collected(dest, files, bytes);
    }

    /** Copies the current entry with a large buffer (Files.copy writes 8 KiB per system call). */
    private static void copy(InputStream entry, Path target, byte[] buffer) throws IOException {
        Files.deleteIfExists(target); // as Files.copy(REPLACE_EXISTING): never write through a link that is there
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = entry.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        }
    }
}
