package io.jenkins.plugins.slurmevaluate.bench;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.FileChunk;
import io.jenkins.plugins.slurmevaluate.remote.ForwardingRemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link RemoteHost} that counts every command it passes on, by kind: the Slurm command it runs ({@code squeue},
 * {@code sacct}, {@code sbatch}, {@code scancel}), or for a {@code bash -c SCRIPT NAME} helper the helper's name
 * ({@code remotefiles}, {@code logtail}, {@code stage}, {@code collect}), or {@code writeFile} / {@code writeFiles} / {@code readFile}.
 * Counting happens before the call, so a failed command counts too. Thread-safe.
 */
final class CountingHost extends ForwardingRemoteHost {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    CountingHost(RemoteHost delegate) {
        super(delegate);
    }

    /** The kind of a command line, as counted. */
    static String kind(List<String> argv) {
        int i = 0;
        if (argv.get(0).equals("env")) {
            i = 1;
            while (i < argv.size() && argv.get(i).contains("=")) {
                i++;
            }
        }
        String program = argv.get(i);
        if ((program.equals("bash") || program.equals("sh")) && argv.size() > i + 3 && argv.get(i + 1).equals("-c")) {
            return argv.get(i + 3);
        }
        return program.substring(program.lastIndexOf('/') + 1);
    }

    private void count(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** How many commands of that kind ran so far. */
    long get(String kind) {
        LongAdder a = counts.get(kind);
        return a == null ? 0 : a.sum();
    }

    /** Every command so far. */
    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A copy of the counts by kind, sorted by name. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException {
        count(kind(argv));
        return super.exec(argv, timeout);
    }

    @Override
    public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) throws IOException {
        count(kind(argv));
        return super.execStreaming(argv, stdout, timeout);
    }

    @Override
    public void writeFile(String path, byte[] content, int mode) throws IOException {
        count("writeFile");
        super.writeFile(path, content, mode);
    }

    @Override
    public void writeFiles(Map<String, byte[]> files, int mode) throws IOException {
        count("writeFiles");
        super.writeFiles(files, mode);
    }

    @Override
    public FileChunk readFile(String path, long offset, int maxBytes) throws IOException {
        count("readFile");
        return super.readFile(path, offset, maxBytes);
    }
}
