package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.run.LogSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds back remote log lines until the record whose offsets cover them is kept, so that what was printed and what
 * would be saved never disagree: the watcher prints a poll's lines and only then hands over the record with the
 * advanced offsets. Lines still held when the evaluation detaches (a restart) are dropped; they are read again from
 * the saved offsets, so each byte reaches the log exactly once. Narration ({@code info}, {@code warn}) passes at once.
 *
 * <p>Every method synchronizes on {@code lock}, the evaluation, which also guards its record.
 */
final class ExactlyOnceSink implements LogSink {

    private final LogSink delegate;
    private final Object lock;
    private final List<String[]> pending = new ArrayList<>();
    private boolean open = true;

    ExactlyOnceSink(LogSink delegate, Object lock) {
        this.delegate = delegate;
        this.lock = lock;
    }

    @Override
    public void remoteLine(String task, String source, String text) {
        synchronized (lock) {
            if (open) {
                pending.add(new String[] {task, source, text});
            }
        }
    }

    @Override
    public void info(String text) {
        delegate.info(text);
    }

    @Override
    public void warn(String text) {
        delegate.warn(text);
    }

    /**
     * Prints the lines held so far; the caller holds {@code lock} and keeps the record that covers them.
     *
     * @return how many lines were printed
     */
    int flush() {
        synchronized (lock) {
            int n = open ? pending.size() : 0;
            if (open) {
                pending.forEach(l -> delegate.remoteLine(l[0], l[1], l[2]));
            }
            pending.clear();
            return n;
        }
    }

    /** Drops the lines held and refuses new ones. */
    void close() {
        synchronized (lock) {
            open = false;
            pending.clear();
        }
    }
}
