package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunStore;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Saves every version of the run record the lifecycle hands over, and prints the log lines it accounts for in the
 * same instant ({@link RunStore#save(RunRecord, Runnable)}). After {@link #close()} nothing is saved or printed any
 * more, so what is on disk matches what was printed when the command stops following (Ctrl-C).
 */
final class RecordKeeper implements Consumer<RunRecord> {

    private final RunStore store;
    private final Terminal terminal;
    private RunRecord last;
    private boolean closed;
    private boolean warned;
    private boolean saved;

    RecordKeeper(RunStore store, Terminal terminal, RunRecord initial) {
        this.store = store;
        this.terminal = terminal;
        this.last = initial;
    }

    @Override
    public synchronized void accept(RunRecord record) {
        if (closed) {
            return;
        }
        try {
            store.save(record, terminal::commitLines);
            saved = true;
        } catch (IOException e) {
            terminal.commitLines();
            if (!warned) {
                warned = true;
                terminal.warn("cannot save the run record (" + e.getMessage() + "); a process that re-attaches later may "
                        + "print some log lines again");
            }
        }
        last = record;
    }

    /** The newest record handed over (saved or not), or the initial one. */
    synchronized RunRecord last() {
        return last;
    }

    /** Whether any version was saved: if not, nothing of the run exists on the cluster either. */
    synchronized boolean anySaved() {
        return saved;
    }

    /** Stops saving and printing; returns the last record. */
    synchronized RunRecord close() {
        closed = true;
        return last;
    }
}
