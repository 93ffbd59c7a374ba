package io.jenkins.plugins.slurmevaluate.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * An in-memory pipe between one writing and one reading thread, with a large buffer: the SSH reader thread writes a
 * download into it and the unpacking thread reads it. Compared with an OS pipe (64 KiB, a system call and often a
 * thread switch per packet) it lets the writer run ahead by {@code capacity} bytes and the reader take big reads.
 *
 * <p>Unlike {@link java.io.PipedInputStream}, the end of the writing thread means nothing: only {@link #sink()}'s
 * {@code close()} ends the stream (the reader then sees end of file once the buffer is drained). Closing
 * {@link #source()} makes every later write fail, as a broken pipe does, so a reader that stops on purpose stops the
 * download.
 */
final class BytePipe {

    private final byte[] buffer;
    private int readPos;
    private int count;
    private boolean writerClosed;
    private boolean readerClosed;

    BytePipe(int capacity) {
        this.buffer = new byte[capacity];
    }

    /** The writing end; {@code close()} marks the end of the data. */
    OutputStream sink() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                BytePipe.this.write(b, off, len);
            }

            @Override
            public void close() {
                closeWriter();
            }
        };
    }

    /** The reading end; {@code close()} breaks the pipe for the writer. */
    InputStream source() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return BytePipe.this.read(b, off, len);
            }

            @Override
            public int available() {
                synchronized (BytePipe.this) {
                    return count;
                }
            }

            @Override
            public void close() {
                closeReader();
            }
        };
    }

    private synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            while (count == buffer.length && !readerClosed) {
                await();
            }
            if (readerClosed) {
                throw new IOException("the reading end of the pipe was closed");
            }
            if (writerClosed) {
                throw new IOException("the pipe was closed for writing");
            }
            int writePos = (readPos + count) % buffer.length;
            int n = Math.min(len, Math.min(buffer.length - count, buffer.length - writePos));
            System.arraycopy(b, off, buffer, writePos, n);
            count += n;
            off += n;
            len -= n;
            notifyAll();
        }
    }

    private synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (count == 0 && !writerClosed && !readerClosed) {
            await();
        }
        if (readerClosed) {
            throw new IOException("the pipe was closed for reading");
        }
        if (count == 0) {
            return -1;
        }
        int n = Math.min(len, Math.min(count, buffer.length - readPos));
        System.arraycopy(buffer, readPos, b, off, n);
        readPos = (readPos + n) % buffer.length;
        count -= n;
        notifyAll();
        return n;
    }

    private synchronized void closeWriter() {
        writerClosed = true;
        notifyAll();
    }

    private synchronized void closeReader() {
        readerClosed = true;
        notifyAll();
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on the download pipe");
        }
    }
}
