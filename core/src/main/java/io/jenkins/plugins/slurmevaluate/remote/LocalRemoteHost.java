package io.jenkins.plugins.slurmevaluate.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@link RemoteHost} for a process that already runs on the login node (the CLI, or a Jenkins agent there), so that
 * users who must answer an MFA prompt for every SSH login need none. Commands are started directly from their argv,
 * without a shell, so no token is ever re-split or expanded. Relative paths, and the commands' working directory, are
 * the user's home directory, as they are for an SSH login.
 */
final class LocalRemoteHost implements RemoteHost {

    private static final int COMMAND_NOT_FOUND = 127; // what a shell, and so the SSH adapter, reports

    private final Path home;

    LocalRemoteHost(Path home) {
        this.home = home;
    }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return run(argv, out, timeout, out);
    }

    @Override
    public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) throws IOException {
        return run(argv, stdout, timeout, null);
    }

    private ExecResult run(List<String> argv, OutputStream stdout, Duration timeout, ByteArrayOutputStream collected)
            throws IOException {
        if (argv.isEmpty() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("need a command and a positive timeout, not " + argv + ", " + timeout);
        }
        Process process;
        try {
            process = new ProcessBuilder(argv).directory(home.toFile()).start();
        } catch (IOException e) {
            String message = argv.get(0) + ": command not found (" + e.getMessage() + ")\n";
            return new ExecResult(COMMAND_NOT_FOUND, "", message);
        }
        process.getOutputStream().close(); // the command reads EOF from stdin, as over SSH
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Pump outPump = Pump.start(process.getInputStream(), stdout, argv.get(0) + " stdout");
        Pump errPump = Pump.start(process.getErrorStream(), err, argv.get(0) + " stderr");
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new InterruptedIOException("`" + String.join(" ", argv) + "` did not finish within " + timeout
                        + "; it was killed");
            }
            // a background child may still hold the pipes open: wait for the output only until the deadline
            outPump.awaitUntil(deadline);
            errPump.awaitUntil(deadline);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for `" + String.join(" ", argv) + "`");
        }
        if (outPump.failure != null) {
            throw new IOException("copying the output of `" + argv.get(0) + "` failed: " + outPump.failure.getMessage(),
                    outPump.failure);
        }
        byte[] outBytes = collected != null ? collected.toByteArray() : new byte[0];
        return ExecResult.of(process.exitValue(), outBytes, err.toByteArray());
    }

    @Override
    public void writeFile(String path, byte[] content, int mode) throws IOException {
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("file mode must be between 0 and 0777, not 0" + Integer.toOctalString(mode));
        }
        Path target = resolve(path);
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Set<PosixFilePermission> perms = permissions(mode);
        // created with at most the requested bits (the umask can only remove some), set exactly, then renamed
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(perms));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, perms);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public FileChunk readFile(String path, long offset, int maxBytes) throws IOException {
        if (offset < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("offset and maxBytes must not be negative: " + offset + ", " + maxBytes);
        }
        try (FileChannel ch = FileChannel.open(resolve(path), StandardOpenOption.READ)) {
            long size = ch.size();
            if (offset >= size) {
                return new FileChunk(new byte[0], size);
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(maxBytes, size - offset));
            long position = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, position);
                if (n < 0) {
                    break; // truncated since size() was read
                }
                position += n;
            }
            byte[] bytes = new byte[buf.position()];
            buf.flip().get(bytes);
            return new FileChunk(bytes, size);
        } catch (NoSuchFileException e) {
            return FileChunk.absent();
        }
    }

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public void close() {
        // nothing is held open between calls
    }

    private Path resolve(String path) {
        if (path == null || path.isEmpty() || path.endsWith("/") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a file path: '" + path + "'");
        }
        return home.resolve(path);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        return perms;
    }

    /** Copies a process stream on a daemon thread and remembers a failure of the destination. */
    private static final class Pump extends Thread {
        private final InputStream in;
        private final OutputStream out;
        private volatile IOException failure;

        private Pump(InputStream in, OutputStream out, String name) {
            super("slurm-evaluate local " + name);
            this.in = in;
            this.out = out;
            setDaemon(true);
        }

        static Pump start(InputStream in, OutputStream out, String name) {
            Pump p = new Pump(in, out, name);
            p.start();
            return p;
        }

        @Override
        public void run() {
            byte[] buf = new byte[16384];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (failure == null) {
                        try {
                            out.write(buf, 0, n);
                        } catch (IOException e) {
                            failure = e; // keep draining, so the process is not blocked on a full pipe
                        }
                    }
                }
            } catch (IOException e) {
                // the pipe closed under us: the process is gone
            }
        }

        void awaitUntil(long deadlineNanos) throws InterruptedException {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }
}
