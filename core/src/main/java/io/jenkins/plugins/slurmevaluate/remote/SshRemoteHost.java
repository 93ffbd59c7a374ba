package io.jenkins.plugins.slurmevaluate.remote;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@link RemoteHost} over one shared SSH connection ({@link SshConnection}): every call is an exec channel on it,
 * with at most {@code maxChannels} open at once. The argv is joined with {@link Shell#join} and run by the login
 * shell, so each token arrives as exactly one argument.
 *
 * <p>A call never retries its command. If the connection drops while a command runs, the call fails with an
 * {@link IOException} that says the command may or may not have run, and the next call reconnects. Retrying is the
 * caller's decision: a status query can simply be asked again, a submission cannot (see
 * {@link RemoteHost#exec}).
 *
 * <p>A call's timeout covers waiting for a free channel and running the command. (Re)connecting is bounded on its own
 * by {@link SshSettings} (attempts × connect timeout, plus the pauses) and comes on top.
 */
final class SshRemoteHost implements RemoteHost {

    private static final Logger LOG = Logger.getLogger(SshRemoteHost.class.getName());

    /** Limit for {@link #writeFile} and {@link #readFile}, which move small files (scripts, log chunks). */
    static final Duration FILE_TIMEOUT = Duration.ofMinutes(2);

    /** Exit codes of the signals a remote command is usually killed by, as a shell reports them (128 + number). */
    private static final Map<String, Integer> SIGNALS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "ABRT", 6, "KILL", 9,
            "SEGV", 11, "PIPE", 13, "ALRM", 14, "TERM", 15, "USR1", 10);

    /** Most files {@link #writeFiles} sends in one command. */
    static final int FILES_PER_WRITE = 200;
    /** Bytes of paths per {@link #writeFiles} command: the whole command line is one argument of the login shell. */
    private static final int WRITE_LINE_LIMIT = 64 * 1024;

    private final SshSettings settings;
    private final SshConnection connection;
    private final Semaphore channels;

    SshRemoteHost(SshSettings settings) {
        this.settings = settings;
        this.connection = new SshConnection(settings);
        this.channels = new Semaphore(settings.maxChannels(), true);
    }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = run(argv, null, out, err, timeout);
        return ExecResult.of(exit, out.toByteArray(), err.toByteArray());
    }

    @Override
    public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = run(argv, null, stdout, err, timeout);
        return ExecResult.of(exit, new byte[0], err.toByteArray());
    }

    @Override
    public void writeFile(String path, byte[] content, int mode) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = run(RemoteScripts.writeFile(path, mode), content, out, err, FILE_TIMEOUT);
        if (exit != 0) {
            throw new IOException("cannot write " + path + " on " + describe() + " (exit " + exit + "): "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** Sends up to {@value #FILES_PER_WRITE} files per command, and at most about 64 KiB of command line. */
    @Override
    public void writeFiles(Map<String, byte[]> files, int mode) throws IOException {
        List<String> paths = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        ByteArrayOutputStream contents = new ByteArrayOutputStream();
        int line = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!paths.isEmpty() && (paths.size() >= FILES_PER_WRITE || line + f.getKey().length() > WRITE_LINE_LIMIT)) {
                writeBatch(paths, sizes, contents.toByteArray(), mode);
                paths.clear();
                sizes.clear();
                contents.reset();
                line = 0;
            }
            paths.add(f.getKey());
            sizes.add(f.getValue().length);
            contents.write(f.getValue());
            line += 2 * f.getKey().length() + 16;
        }
        if (!paths.isEmpty()) {
            writeBatch(paths, sizes, contents.toByteArray(), mode);
        }
    }

    private void writeBatch(List<String> paths, List<Integer> sizes, byte[] contents, int mode) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = run(RemoteScripts.writeFiles(paths, sizes, mode), contents, out, err, FILE_TIMEOUT);
        if (exit != 0) {
            throw new IOException("cannot write " + paths.size() + " files (" + paths.get(0) + " …) on " + describe() + " (exit "
                    + exit + "): " + err.toString(StandardCharsets.UTF_8).strip());
        }
    }

    @Override
    public FileChunk readFile(String path, long offset, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = run(RemoteScripts.readFile(path, offset, maxBytes), null, out, err, FILE_TIMEOUT);
        if (exit == RemoteScripts.MISSING) {
            return FileChunk.absent();
        }
        if (exit != 0) {
            throw new IOException("cannot read " + path + " on " + describe() + " (exit " + exit + "): "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
        return RemoteScripts.parseRead(out.toByteArray());
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public int connectionCount() {
        return connection.connectionCount();
    }

    @Override
    public void close() {
        connection.close();
    }

    /** Runs one command on its own channel; returns its exit code. */
    private int run(List<String> argv, byte[] stdin, OutputStream stdout, OutputStream stderr, Duration timeout)
            throws IOException {
        if (argv.isEmpty() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("need a command and a positive timeout, not " + argv + ", " + timeout);
        }
        String command = commandLine(argv);
        long deadline = System.nanoTime() + timeout.toNanos();
        acquireChannel(argv, timeout);
        try {
            OpenChannel opened = open(argv);
            Session session = opened.session();
            ChannelExec channel = opened.channel();
            GuardedStream out = new GuardedStream(stdout);
            ClosingSignalStream err = new ClosingSignalStream(stderr);
            try {
                channel.setCommand(command.getBytes(StandardCharsets.UTF_8));
                channel.setOutputStream(out, true);
                channel.setErrStream(err, false); // JSch "closes" it when the channel closes: that wakes awaitClose
                // Opening a channel takes milliseconds; JSch's wait for the server's answer does not wake up when the
                // connection dies meanwhile, so a drop at that moment would block for the whole command timeout.
                // Bound it by the connect timeout instead.
                channel.connect((int) Math.min(remainingMillis(deadline), settings.connectTimeout().toMillis()));
                try (OutputStream in = channel.getOutputStream()) { // closing it sends EOF to the command
                    if (stdin != null) {
                        in.write(stdin);
                    }
                }
                awaitClose(channel, err, deadline, argv, timeout);
            } catch (JSchException e) {
                throw new IOException("cannot run " + brief(argv) + " on " + describe() + " (it may or may not have "
                        + "started): " + e.getMessage(), e);
            } finally {
                channel.disconnect();
            }
            if (out.failure != null) {
                throw new IOException("copying the output of " + brief(argv) + " failed: " + out.failure.getMessage(),
                        out.failure);
            }
            return exitCode(channel, session, argv);
        } finally {
            channels.release();
        }
    }

    private void acquireChannel(List<String> argv, Duration timeout) throws InterruptedIOException {
        try {
            if (!channels.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new InterruptedIOException("no free SSH channel to " + describe() + " within " + timeout + " for "
                        + brief(argv) + ": " + settings.maxChannels() + " commands are still running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an SSH channel to " + describe());
        }
    }

    /**
     * A new exec channel on the live session. A session that goes down just as the channel is set up makes JSch
     * return null (its disconnect clears the new channel's session, and openChannel swallows the error) or say
     * "session is down"; the connection then knows it dropped, and a second try opens a new one.
     */
    private OpenChannel open(List<String> argv) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Session session = connection.session();
            String why;
            try {
                ChannelExec channel = (ChannelExec) session.openChannel("exec");
                if (channel != null) {
                    return new OpenChannel(session, channel);
                }
                why = "the connection dropped while the channel was set up";
            } catch (JSchException e) {
                if (attempt == 2 || session.isConnected()) {
                    throw new IOException("cannot open a channel to " + describe() + " for " + brief(argv) + ": "
                            + e.getMessage(), e);
                }
                why = e.getMessage();
            }
            if (attempt == 2) {
                throw new IOException("cannot open a channel to " + describe() + " for " + brief(argv) + ": " + why);
            }
            String reason = why;
            LOG.fine(() -> "opening a channel for " + brief(argv) + " failed (" + reason + "); trying once more");
        }
    }

    private record OpenChannel(Session session, ChannelExec channel) {}

    /**
     * Waits for the channel to close. JSch closes {@code err} as the channel closes, which wakes this at once; the
     * wait is still bounded (1 ms at first, doubling up to 50 ms) so that a missed signal costs one pause, not a hang.
     */
    private void awaitClose(ChannelExec channel, ClosingSignalStream err, long deadline, List<String> argv, Duration timeout)
            throws InterruptedIOException {
        long pauseMillis = 1;
        while (!channel.isClosed()) {
            if (System.nanoTime() - deadline >= 0) {
                try {
                    channel.sendSignal("KILL"); // best effort: OpenSSH ≥ 7.9 delivers it; otherwise the process stays
                } catch (Exception e) {
                    LOG.fine(() -> "could not signal " + brief(argv) + ": " + e);
                }
                throw new InterruptedIOException(brief(argv) + " did not finish within " + timeout + " on "
                        + describe() + "; its channel was closed");
            }
            try {
                if (err.awaitClose(pauseMillis) && !channel.isClosed()) {
                    Thread.sleep(pauseMillis); // signalled but not closed (not JSch's order): poll, do not spin
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + brief(argv) + " on " + describe());
            }
            pauseMillis = Math.min(50, pauseMillis * 2);
        }
    }

    private int exitCode(ChannelExec channel, Session session, List<String> argv) throws IOException {
        int status = channel.getExitStatus();
        if (status >= 0) {
            return status;
        }
        String signal = channel.getExitSignal();
        if (signal != null && !signal.isEmpty()) {
            return 128 + SIGNALS.getOrDefault(signal, 127);
        }
        throw new IOException("the connection to " + describe() + " dropped while " + brief(argv) + " was running"
                + (session.isConnected() ? "" : " (the session is down)")
                + "; it may or may not have run to the end. The next call reconnects.");
    }

    /** The exec request: the argv quoted for the login shell, which splits it back into exactly these tokens. */
    static String commandLine(List<String> argv) {
        return Shell.join(argv);
    }

    private static int remainingMillis(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    /** The command for messages, shortened; for {@code sh -c SCRIPT NAME ARGS} the name and arguments. */
    static String brief(List<String> argv) {
        boolean script = argv.size() > 3 && argv.get(0).equals("sh") && argv.get(1).equals("-c");
        String line = Shell.join(script ? argv.subList(3, argv.size()) : argv);
        return "`" + (line.length() > 120 ? line.substring(0, 117) + "..." : line) + "`";
    }

    /**
     * Passes writes through to the caller's stream and remembers the first failure. JSch writes from its reader
     * thread and closes the channel when a write fails; the failure is then reported instead of "connection dropped".
     */
    private static final class GuardedStream extends OutputStream {
        private final OutputStream target;
        private volatile IOException failure;

        GuardedStream(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                target.write(b, off, len);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }
    }
}
