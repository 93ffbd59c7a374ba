package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.run.LogSink;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The console of a command that follows a run. Remote log lines go to stdout as {@code [<task> <source>] <text>};
 * what slurm-evaluate narrates goes to stderr; the progress line is redrawn in place at the bottom of a terminal, or
 * printed as a plain line when the output is a file or a CI log.
 *
 * <p>Remote lines are held back until {@link #commitLines()}, which the {@link RecordKeeper} calls in the instant
 * before the record that counts them is committed: so a process killed at any moment has printed exactly what its
 * saved record says, and a re-attaching one goes on from there. Thread-safe: the watcher's threads call the sink.
 */
final class Terminal implements LogSink {

    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean redraw;
    private final int width;
    private final List<String> pending = new ArrayList<>();
    /** The progress line drawn at the bottom of the terminal, or empty. */
    private String progress = "";
    /** Set once the command stops following: the watcher's late calls print nothing. */
    private boolean muted;

    /**
     * @param redraw whether stderr is a terminal on which the progress line can be redrawn in place
     * @param width the terminal's width, to keep the progress line on one line
     */
    Terminal(PrintStream out, PrintStream err, boolean redraw, int width) {
        this.out = out;
        this.err = err;
        this.redraw = redraw;
        this.width = Math.max(40, width);
    }

    static Terminal of(CliContext context) {
        String columns = context.environment().getOrDefault("COLUMNS", "");
        return new Terminal(context.out(), context.err(), context.terminal(), columns.matches("\\d{2,4}") ? Integer.parseInt(columns) : 120);
    }

    /** How a remote line is shown; tests split on it. */
    static String remote(String task, String source, String text) {
        return "[" + task + " " + source + "] " + text;
    }

    @Override
    public synchronized void remoteLine(String task, String source, String text) {
        if (!muted) {
            pending.add(remote(task, source, text));
        }
    }

    @Override
    public void info(String text) {
        say("slurm-evaluate: " + text);
    }

    @Override
    public void warn(String text) {
        say("slurm-evaluate: warning: " + text);
    }

    /** Prints the remote lines received since the last commit, in order. */
    synchronized void commitLines() {
        if (muted || pending.isEmpty()) {
            return;
        }
        clearProgress();
        pending.forEach(out::println);
        out.flush();
        pending.clear();
        drawProgress();
    }

    /** Shows the progress: redrawn in place on a terminal, else as a line of its own. */
    synchronized void progress(String line) {
        if (muted) {
            return;
        }
        if (!redraw) {
            err.println(line);
            return;
        }
        clearProgress();
        progress = line.length() > width - 1 ? line.substring(0, width - 2) + "…" : line;
        drawProgress();
    }

    /** Stops printing what the watcher sends; lines not committed are dropped (the next process prints them). */
    synchronized void mute() {
        clearProgress();
        progress = "";
        pending.clear();
        muted = true;
    }

    /** A line from the command itself, printed even when muted (the last words after Ctrl-C). */
    synchronized void notice(String line) {
        clearProgress();
        err.println(line);
        drawProgress();
    }

    /** Clears the progress line for good, before the final report. */
    synchronized void endProgress() {
        clearProgress();
        progress = "";
    }

    private synchronized void say(String line) {
        if (!muted) {
            notice(line);
        }
    }

    private void clearProgress() {
        if (redraw && !progress.isEmpty()) {
            err.print(CLEAR_LINE);
            err.flush();
        }
    }

    private void drawProgress() {
        if (redraw && !progress.isEmpty()) {
            err.print(progress);
            err.flush();
        }
    }
}
