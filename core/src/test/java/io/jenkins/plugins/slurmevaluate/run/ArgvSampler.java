package io.jenkins.plugins.slurmevaluate.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the argv of every process on this machine ({@code /proc/<pid>/cmdline}) about every 100 ms while a run goes
 * on, and remembers each process whose argv contains one of the needles. Tests run as root on the test bed's
 * machine, so every job step, srun, sshd and shell of the run is visible. It also remembers which of the
 * {@code witnesses} it saw, to prove it sampled while the interesting processes were alive.
 */
final class ArgvSampler implements AutoCloseable {

    private final List<byte[]> needles;
    private final List<String> witnesses;
    private final Set<String> hits = new LinkedHashSet<>();
    private final Set<String> seenWitnesses = new LinkedHashSet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int samples;

    ArgvSampler(List<String> needles, List<String> witnesses) {
        this.needles = needles.stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toList();
        this.witnesses = List.copyOf(witnesses);
        this.thread = new Thread(this::loop, "argv-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                byte[] argv;
                try {
                    argv = Files.readAllBytes(proc.resolve("cmdline"));
                } catch (IOException gone) {
                    continue; // the process ended between listing and reading
                }
                String text = new String(argv, StandardCharsets.UTF_8).replace('\0', ' ');
                synchronized (this) {
                    for (byte[] n : needles) {
                        if (indexOf(argv, n) >= 0) {
                            hits.add(proc.getFileName() + ": " + text);
                        }
                    }
                    for (String w : witnesses) {
                        if (text.contains(w)) {
                            seenWitnesses.add(w);
                        }
                    }
                }
            }
            synchronized (this) {
                samples++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Processes whose argv held a needle (pid: argv with NULs as spaces). */
    synchronized List<String> hits() {
        return new ArrayList<>(hits);
    }

    synchronized Set<String> seenWitnesses() {
        return new LinkedHashSet<>(seenWitnesses);
    }

    synchronized int samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return needle.length == 0 ? 0 : -1;
    }

    static boolean contains(byte[] hay, String needle) {
        return indexOf(hay, needle.getBytes(StandardCharsets.UTF_8)) >= 0;
    }
}
