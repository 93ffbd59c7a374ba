package io.jenkins.plugins.slurmevaluate.bench;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.FileChunk;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A cluster of N running jobs, in memory, answering the commands a {@code ClusterWatcher} sends: {@code squeue}
 * (every job RUNNING), {@code sacct} (nothing: every job is still queued), the chain-file reader (a {@code started}
 * event and the job-id list per task) and the log reader (each task's {@code slurm-<id>.log} grows by one 64-byte
 * line whenever it is read). Run {@code i} has job id {@code 1000+i} in {@code /fake/run-i/gsm8k.0}. Its own state
 * is one counter per run, allocated up front, so it does not blur the watcher's footprint.
 */
final class FakeSlurmHost implements RemoteHost {

    static final int LINE = 64;
    private static final String SEP = "\u001f";

    private final int runs;
    private final AtomicLongArray logSize;
    private final long epoch = System.currentTimeMillis() / 1000;

    FakeSlurmHost(int runs) {
        this.runs = runs;
        this.logSize = new AtomicLongArray(runs);
    }

    static String taskDir(int run) {
        return "/fake/run-" + run + "/gsm8k.0";
    }

    static String jobId(int run) {
        return String.valueOf(1000 + run);
    }

    static String jobName(int run) {
        return "evalacct-bench.gsm8k.0-run" + run;
    }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r = execStreaming(argv, out, timeout);
        return new ExecResult(r.exitCode(), out.toString(StandardCharsets.UTF_8), r.stderr());
    }

    @Override
    public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) throws IOException {
        String kind = CountingHost.kind(argv);
        switch (kind) {
            case "squeue" -> {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < runs; i++) {
                    b.append(String.join(SEP, jobId(i), "RUNNING", "None", "1:00", "10:00", "", jobName(i), "bench")).append('\n');
                }
                stdout.write(b.toString().getBytes(StandardCharsets.UTF_8));
            }
            case "remotefiles" -> chainFiles(argv, stdout);
            case "logtail" -> logs(argv, stdout);
            case "sacct", "scancel" -> {
                // nothing to say: every job is still in the queue
            }
            default -> {
                return new ExecResult(127, "", "fake cluster: " + kind + ": command not found");
            }
        }
        return new ExecResult(0, "", "");
    }

    /** argv: bash -c SCRIPT remotefiles MAX NP pattern... dir... */
    private void chainFiles(List<String> argv, OutputStream out) throws IOException {
        int np = Integer.parseInt(argv.get(5));
        for (String dir : argv.subList(6 + np, argv.size())) {
            int run = runOf(dir);
            frame(out, dir + "/.chain_status", epoch + " " + jobId(run) + " started link=1\n");
            frame(out, dir + "/.slurm_job_id.list", jobId(run) + "\n");
        }
    }

    private static void frame(OutputStream out, String path, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        out.write(("F " + b.length + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
        out.write(b);
    }

    /** argv: bash -c SCRIPT logtail MAX NLINKS (dir id)... path=offset... */
    private void logs(List<String> argv, OutputStream out) throws IOException {
        int max = Integer.parseInt(argv.get(4));
        int links = Integer.parseInt(argv.get(5));
        List<String> offsets = argv.subList(6 + 2 * links, argv.size());
        for (int l = 0; l < links; l++) {
            String dir = argv.get(6 + 2 * l);
            String id = argv.get(7 + 2 * l);
            String path = dir + "/slurm-" + id + ".log";
            long size = logSize.addAndGet(runOf(dir), LINE);
            long offset = 0;
            for (String kv : offsets) {
                if (kv.startsWith(path + "=")) {
                    offset = Long.parseLong(kv.substring(path.length() + 1));
                }
            }
            int n = (int) Math.min(max, Math.max(0, size - offset));
            out.write(("F " + size + " " + offset + " " + n + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(content(offset, n));
        }
    }

    /** Bytes [offset, offset + n) of a log made of numbered 64-byte lines. */
    static byte[] content(long offset, int n) {
        byte[] b = new byte[n];
        long line = -1;
        byte[] text = null;
        for (int i = 0; i < n; i++) {
            long pos = offset + i;
            if (pos / LINE != line) {
                line = pos / LINE;
                text = String.format("%08d %-54s\n", line, "a line of a watched run's log").getBytes(StandardCharsets.US_ASCII);
            }
            b[i] = text[(int) (pos % LINE)];
        }
        return b;
    }

    private static int runOf(String dir) {
        int start = dir.indexOf("/run-") + 5;
        return Integer.parseInt(dir.substring(start, dir.indexOf('/', start)));
    }

    @Override
    public void writeFile(String path, byte[] content, int mode) throws IOException {
        throw new IOException("fake cluster: no uploads");
    }

    @Override
    public FileChunk readFile(String path, long offset, int maxBytes) {
        return FileChunk.absent();
    }

    @Override
    public String describe() {
        return "fake-cluster";
    }

    @Override
    public void close() {}
}
