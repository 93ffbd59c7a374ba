package io.jenkins.plugins.slurmevaluate.bench;

import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.run.Submission;
import io.jenkins.plugins.slurmevaluate.run.WatchSettings;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * P4: a real job (submitted and watched by the engine with the default watch settings) whose evaluation step first
 * runs a small emitter: {@value #RATE} lines a second for {@value #SECONDS} s, each carrying its sequence number and
 * the wall-clock time it was written. The sink notes when each line arrives (same machine, same clock). At the end
 * every remote log file is read whole and compared with what the sink received, line for line.
 */
final class LogLatencyBench {

    static final int RATE = 20;
    static final int SECONDS = 60;
    private static final String MARK = "bench-line ";

    /** The emitter: rate, seconds, padding; one flushed line per tick, paced against the start time (no drift). */
    static final String EMITTER = String.join("\n",
            "import sys, time",
            "rate, seconds, pad = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])",
            "start = time.time()",
            "for i in range(int(rate * seconds)):",
            "    d = start + i / rate - time.time()",
            "    if d > 0:",
            "        time.sleep(d)",
            "    sys.stdout.write('" + MARK + "%d %d %s\\n' % (i, time.time_ns(), 'x' * pad))",
            "    sys.stdout.flush()",
            "");

    private LogLatencyBench() {}

    static Result run(BenchContext ctx, Path chartFile) throws Exception {
        Result.Raw raw = new Result.Raw();
        ScheduledExecutorService scheduler = BenchContext.scheduler("p4-watch");
        LatencySink sink = new LatencySink();
        RunRecord end;
        double[] tailMs;
        Map<String, String> remote = new HashMap<>();
        try (CountingHost host = new CountingHost(ctx.testbed.ssh());
                Evaluator ev = BenchContext.evaluator(scheduler, WatchSettings.defaults())) {
            Workloads w = ctx.workloads("p4", ev, host);
            String script = w.outputDir() + "/emit.py";
            host.writeFile(script, EMITTER.getBytes(StandardCharsets.UTF_8), 0644);
            Submission s = w.prepare(1, 1, "python3 " + script + " " + RATE + " " + SECONDS + " 60", List.of());
            ctx.track(s.record());
            RunRecord r = ev.submit(s, host, x -> {}, BenchContext.quietSink());
            String clientLog = r.tasks().get(0).taskDir() + "/logs/client-" + r.tasks().get(0).currentJobId() + ".log";
            try (TailBaseline tail = TailBaseline.start(ctx.testbed.sshAlias(), clientLog)) {
                end = ev.watch(r, host, sink, x -> {}).done().get(15, TimeUnit.MINUTES);
                tail.awaitLines(RATE * SECONDS, 10);
                tailMs = tail.latencies();
            }
            TaskRecord t = end.tasks().get(0);
            String files = BenchContext.check(host.exec(List.of("ls", "-1", t.taskDir() + "/logs"), BenchContext.TIMEOUT), "ls")
                    .stdout();
            for (String f : files.strip().split("\n")) {
                remote.put(f.substring(0, f.length() - ".log".length()),
                        BenchContext.check(host.exec(List.of("cat", t.taskDir() + "/logs/" + f), BenchContext.TIMEOUT), "cat").stdout());
            }
            raw.add("job %s, chain stopped: %s; remote commands: %s", t.currentJobId(), t.stop(), host.snapshot());
        } finally {
            scheduler.shutdownNow();
        }
        int expected = RATE * SECONDS;
        double[] ms = sink.latencies();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : remote.entrySet()) {
            List<String> want = lines(e.getValue());
            List<String> got = sink.linesOf(e.getKey());
            if (!want.equals(got)) {
                problems.add(e.getKey() + ".log: " + got.size() + " lines received, " + want.size() + " in the file");
            }
        }
        if (!remote.keySet().containsAll(sink.sources())) {
            problems.add("sources received " + sink.sources() + " but files " + remote.keySet());
        }
        List<Integer> badSeq = sink.seqProblems(expected);
        if (!badSeq.isEmpty()) {
            problems.add("sequence numbers missing or repeated: " + badSeq.subList(0, Math.min(10, badSeq.size())));
        }
        double tail50 = Stats.percentile(tailMs, 50);
        double tail99 = Stats.percentile(tailMs, 99);
        raw.add("baseline `ssh %s tail -F <client log>`: %d lines, p50 %.0f ms, p99 %.0f ms, max %.0f ms", ctx.testbed.sshAlias(),
                tailMs.length, tail50, tail99, Stats.max(tailMs));
        double p50 = Stats.percentile(ms, 50);
        double p99 = Stats.percentile(ms, 99);
        double max = Stats.max(ms);
        LatencyChart.write(chartFile, ms, tailMs, p50, p99, RATE + " lines/s for " + SECONDS + " s, default watch settings");
        raw.add("%d timestamped lines received of %d written; latency p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms",
                ms.length, expected, p50, Stats.percentile(ms, 90), p99, max);
        long bytes = remote.values().stream().mapToLong(v -> v.getBytes(StandardCharsets.UTF_8).length).sum();
        raw.add("exactly once: %s (%d log files, %d bytes, every line compared with the remote file)",
                problems.isEmpty() ? "yes" : "NO: " + String.join("; ", problems), remote.size(), bytes);
        boolean met = p50 < 1000 && p99 < 2000 && problems.isEmpty() && ms.length == expected;
        return new Result("P4", "log latency, " + RATE + " lines/s for " + SECONDS + " s",
                "p50 < 1 s, p99 < 2 s, every byte exactly once",
                String.format("`tail -F` over OpenSSH: p50 %.0f ms, p99 %.0f ms", tail50, tail99),
                String.format("p50 %.0f ms, p99 %.0f ms; exactly once: %s", p50, p99, problems.isEmpty() ? "yes" : "no"),
                String.format("%.2f / %.2f of the goal", p50 / 1000, p99 / 2000), met,
                "One evaluation submitted and watched by the engine (default WatchSettings: logs read every 0.5 s while "
                        + "they flow, up to 3 s when quiet). Its evaluation step first runs a Python emitter that writes "
                        + RATE + " lines/s for " + SECONDS + " s to the client log, each with its sequence number and "
                        + "`time.time_ns()`; the LogSink takes `Instant.now()` when the line arrives (same machine clock). "
                        + "After the chain stopped, every remote log file was read whole and compared line by line with what "
                        + "the sink received.",
                raw.lines());
    }

    /** The lines the log streamer prints for a final file: split at \n, a trailing \r dropped, no empty tail. */
    static List<String> lines(String content) {
        List<String> out = new ArrayList<>();
        for (String l : content.split("\n", -1)) {
            out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** Records each remote line by source, and the latency of each emitter line. Thread-safe. */
    static final class LatencySink implements LogSink {
        private final Map<String, List<String>> bySource = new ConcurrentHashMap<>();
        private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        private final Map<Integer, Integer> seqCount = new ConcurrentHashMap<>();

        @Override
        public void remoteLine(String task, String source, String text) {
            Instant now = Instant.now();
            bySource.computeIfAbsent(source, s -> Collections.synchronizedList(new ArrayList<>())).add(text);
            if (text.startsWith(MARK)) {
                String[] f = text.split(" ", 4);
                long written = Long.parseLong(f[2]);
                long arrived = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                latencies.add((arrived - written) / 1e6);
                seqCount.merge(Integer.parseInt(f[1]), 1, Integer::sum);
            }
        }

        @Override
        public void info(String text) {}

        @Override
        public void warn(String text) {}

        double[] latencies() {
            synchronized (latencies) {
                return latencies.stream().mapToDouble(Double::doubleValue).toArray();
            }
        }

        List<String> linesOf(String source) {
            return bySource.getOrDefault(source, List.of());
        }

        java.util.Set<String> sources() {
            return bySource.keySet();
        }

        /** Sequence numbers in [0, n) not seen exactly once. */
        List<Integer> seqProblems(int n) {
            List<Integer> bad = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (seqCount.getOrDefault(i, 0) != 1) {
                    bad.add(i);
                }
            }
            return bad;
        }
    }
}
