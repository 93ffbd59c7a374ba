package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.FileChunk;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/**
 * A host that notes every {@code sbatch} and {@code scancel} it runs into a shared event list, in order; optionally
 * it loses the answer of the first {@code sbatch} (the job is submitted, the caller gets an IOException), as when the
 * connection drops right after the command was sent.
 */
final class EventHost implements RemoteHost {

    private final RemoteHost delegate;
    private final List<String> events;
    private boolean loseNextSbatchAnswer;

    EventHost(RemoteHost delegate, List<String> events) {
        this(delegate, events, false);
    }

    EventHost(RemoteHost delegate, List<String> events, boolean loseFirstSbatchAnswer) {
        this.delegate = delegate;
        this.events = events;
        this.loseNextSbatchAnswer = loseFirstSbatchAnswer;
    }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException {
        boolean sbatch = !argv.isEmpty() && argv.get(0).equals("sbatch");
        if (sbatch || (!argv.isEmpty() && argv.get(0).equals("scancel"))) {
            events.add(argv.get(0));
        }
        ExecResult r = delegate.exec(argv, timeout);
        synchronized (this) {
            if (sbatch && loseNextSbatchAnswer) {
                loseNextSbatchAnswer = false;
                events.add("sbatch-answer-lost");
                throw new IOException("connection dropped (test)");
            }
        }
        return r;
    }

    @Override
    public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) throws IOException {
        return delegate.execStreaming(argv, stdout, timeout);
    }

    @Override
    public void writeFile(String path, byte[] content, int mode) throws IOException {
        delegate.writeFile(path, content, mode);
    }

    @Override
    public FileChunk readFile(String path, long offset, int maxBytes) throws IOException {
        return delegate.readFile(path, offset, maxBytes);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
