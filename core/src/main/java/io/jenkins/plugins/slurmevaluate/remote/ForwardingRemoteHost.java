package io.jenkins.plugins.slurmevaluate.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link RemoteHost} that passes every call to another one: the base of decorators that watch, count or disturb
 * calls, which override only what they watch. It forwards the default methods too, so a decorator cannot silently
 * turn the delegate's one-command {@link #writeFiles} into the interface's loop of single writes.
 */
public abstract class ForwardingRemoteHost implements RemoteHost {

    private final RemoteHost delegate;

    protected ForwardingRemoteHost(RemoteHost delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The host every call goes to. */
    protected final RemoteHost delegate() {
        return delegate;
    }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException {
        return delegate.exec(argv, timeout);
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
    public void writeFiles(Map<String, byte[]> files, int mode) throws IOException {
        delegate.writeFiles(files, mode);
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
    public int connectionCount() {
        return delegate.connectionCount();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
