package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.ForwardingRemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link RemoteHost} that passes every call to the real one and remembers each command, so a test can count the
 * {@code sbatch} calls the engine made. A {@link Hook} can act just before a command is sent, or as its output
 * arrives: the SSH scenarios drop the connection at exactly those moments.
 */
final class RecordingHost extends ForwardingRemoteHost {

    /** Called around commands; the default does nothing. */
    interface Hook {
        /** Before {@code argv} is sent. */
        default void beforeExec(List<String> argv) {}

        /** When the first bytes of a streamed command's output have arrived. */
        default void onFirstOutput(List<String> argv) {}
    }

    private final List<List<String>> commands = new CopyOnWriteArrayList<>();
    private volatile Hook hook = new Hook() {};

    RecordingHost(RemoteHost delegate) {
        super(delegate);
    }

    void hook(Hook h) {
        hook = h;
    }

    /** Every command sent whose first token is {@code program}, in order. */
    List<List<String>> commands(String program) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> c : commands) {
            if (!c.isEmpty() && c.get(0).equals(program)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The local TCP port of the engine's current SSH connection, as the server sees it ({@code $SSH_CONNECTION}),
     * asked over that same connection without counting as the engine's command or tripping the hook.
     */
    int clientPort() throws IOException {
        ExecResult r = delegate().exec(List.of("sh", "-c", "echo $SSH_CONNECTION"), Duration.ofSeconds(30));
        String[] f = r.stdout().strip().split(" ");
        if (!r.ok() || f.length != 4) {
            throw new IOException("no SSH_CONNECTION on the test bed: " + r);
        }
        return Integer.parseInt(f[1]);
    }

    /** Runs through {@link #execStreaming}, so the hook sees the output of every command arrive. */
    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r = execStreaming(argv, out, timeout);
        return new ExecResult(r.exitCode(), out.toString(StandardCharsets.UTF_8), r.stderr());
    }

    @Override
    public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) throws IOException {
        commands.add(List.copyOf(argv));
        Hook h = hook;
        h.beforeExec(argv);
        OutputStream watched = new OutputStream() {
            private boolean first = true;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                stdout.write(b, off, len);
                if (first && len > 0) {
                    first = false;
                    h.onFirstOutput(argv);
                }
            }
        };
        return super.execStreaming(argv, watched, timeout);
    }
}
