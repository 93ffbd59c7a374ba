package io.jenkins.plugins.slurmevaluate.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Passes writes through to a stream it does not own and turns {@link #close()} into a signal. JSch closes a
 * channel's standard-error stream (when it may) as the channel closes, from its reader thread, after the exit status
 * has arrived; so a caller waiting for the command to end is woken at once instead of finding out at its next poll.
 */
final class ClosingSignalStream extends OutputStream {

    private final OutputStream target;
    private final CountDownLatch closed = new CountDownLatch(1);

    ClosingSignalStream(OutputStream target) {
        this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
        target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        target.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }

    /** Signals; the target stays open (it belongs to the caller). */
    @Override
    public void close() {
        closed.countDown();
    }

    /** Waits at most {@code millis} for {@link #close()}; returns whether it happened. */
    boolean awaitClose(long millis) throws InterruptedException {
        return closed.await(millis, TimeUnit.MILLISECONDS);
    }
}
