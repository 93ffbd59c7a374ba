package io.jenkins.plugins.slurmevaluate.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CLI as a separate process, its stdout and stderr read line by line as they come, so tests can wait on them. */
final class CliProcess {

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private CliProcess(Process process) {
        this.process = process;
        this.outReader = reader(process.getInputStream(), out);
        this.errReader = reader(process.getErrorStream(), err);
    }

    static CliProcess start(List<String> command, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("TERM", "dumb");
        return new CliProcess(pb.start());
    }

    private Thread reader(InputStream in, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone; what was read is kept
            }
        }, "cli-process-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until a line of stdout or stderr matches; returns the first group of the pattern (or the line). */
    synchronized String awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (List<String> lines : List.of(out, err)) {
                for (String l : lines) {
                    Matcher m = pattern.matcher(l);
                    if (m.find()) {
                        return m.groupCount() > 0 ? m.group(1) : l;
                    }
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && !outReader.isAlive() && !errReader.isAlive())) {
                throw new AssertionError("no line matching " + pattern + " within " + timeout + "\nstdout:\n"
                        + String.join("\n", out) + "\nstderr:\n" + String.join("\n", err));
            }
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
        }
    }

    /** Waits until stdout has this many lines that match. */
    synchronized void awaitCount(Predicate<String> which, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.stream().filter(which).count() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !process.isAlive()) {
                throw new AssertionError(count + " matching lines expected within " + timeout + "; stderr:\n" + String.join("\n", err));
            }
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
        }
    }

    /** SIGKILL: the process gets no chance to save or print anything more. */
    void sigkill() {
        process.destroyForcibly();
    }

    /** Sends a signal by name (INT for Ctrl-C) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    /** Waits for the exit and for every byte of its output; returns the exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + timeout + "; stderr:\n" + String.join("\n", stderr()));
        }
        outReader.join(10_000);
        errReader.join(10_000);
        return process.exitValue();
    }

    synchronized List<String> stdout() {
        return List.copyOf(out);
    }

    synchronized List<String> stderr() {
        return List.copyOf(err);
    }
}
