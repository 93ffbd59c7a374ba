package io.jenkins.plugins.slurmevaluate.bench;

import io.jenkins.plugins.slurmevaluate.run.ClusterWatcher;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.run.Watch;
import io.jenkins.plugins.slurmevaluate.run.WatchSettings;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P6: the controller-side cost of watching many runs. A child JVM (serial GC, so "used after a full GC" is the live
 * set) watches N simulated runs on a {@link FakeSlurmHost} through one {@link Evaluator} for {@value #WATCH_SECONDS}
 * s with the default settings (status polls, chain files, logs flowing), then measures the heap after GC and the
 * live threads. Run at N = {@value #SMALL} (the baseline) and N = {@value #LARGE}.
 */
final class FootprintBench {

    static final int SMALL = 10;
    static final int LARGE = 1000;
    static final int WATCH_SECONDS = 15;
    private static final String MARK = "FOOTPRINT ";

    private FootprintBench() {}

    static Result run(PrintStream log) throws Exception {
        Map<String, Long> small = fork(SMALL, log);
        Map<String, Long> large = fork(LARGE, log);
        Result.Raw raw = new Result.Raw();
        for (Map<String, Long> m : List.of(small, large)) {
            raw.add("N=%d: heap used after GC %d KiB before watching, %d KiB while watching; live threads %d before, %d while "
                    + "watching; %d status polls, %d log lines delivered", m.get("n"), m.get("heapBefore") >> 10,
                    m.get("heapAfter") >> 10, m.get("threadsBefore"), m.get("threadsAfter"), m.get("polls"), m.get("lines"));
        }
        double perRunSmall = perRun(small);
        double perRun = perRun(large);
        long threadsSmall = small.get("threadsAfter");
        long threadsLarge = large.get("threadsAfter");
        raw.add("retained heap per run: %.1f KiB at N=%d, %.1f KiB at N=%d", perRunSmall / 1024, SMALL, perRun / 1024, LARGE);
        boolean met = perRun <= 50 * 1024 && threadsLarge == threadsSmall;
        return new Result("P6", "footprint, " + LARGE + " simulated watched runs",
                "<=50 KB retained heap per run; threads independent of N",
                String.format("N=%d: %.1f KiB/run, %d threads", SMALL, perRunSmall / 1024, threadsSmall),
                String.format("N=%d: %.1f KiB/run, %d threads", LARGE, perRun / 1024, threadsLarge),
                String.format("%.2f of the heap goal; threads x%.2f", perRun / (50 * 1024), (double) threadsLarge / threadsSmall), met,
                "A child JVM (`-XX:+UseSerialGC -Xmx1g`) watches N simulated runs (one task each, RUNNING, logs growing by one "
                        + "line per read) through one Evaluator with the default WatchSettings, against an in-memory fake "
                        + "RemoteHost that answers squeue, sacct, the chain-file reader and the log reader. After "
                        + WATCH_SECONDS + " s of watching: a full GC, then the heap pools' usage right after it (MemoryPoolMXBean."
                        + "getCollectionUsage, so allocations after the GC do not count), minus the same "
                        + "figure before the runs were created, divided by N; and ThreadMXBean's live thread count. Each run has "
                        + "its own small LogSink; records are not persisted.",
                raw.lines());
    }

    private static double perRun(Map<String, Long> m) {
        return (double) (m.get("heapAfter") - m.get("heapBefore")) / m.get("n");
    }

    private static Map<String, Long> fork(int n, PrintStream log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = Proc.run(List.of(java, "-XX:+UseSerialGC", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                Bench.class.getName(), "--footprint-child", String.valueOf(n)), 300);
        String line = out.lines().filter(l -> l.startsWith(MARK)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result from the footprint child: " + out));
        log.println("   " + line);
        Map<String, Long> m = new HashMap<>();
        for (String kv : line.substring(MARK.length()).split(" ")) {
            String[] f = kv.split("=");
            m.put(f[0], Long.parseLong(f[1]));
        }
        return m;
    }

    /** In the child JVM: watch {@code n} fake runs, measure, print one line. */
    static void child(int n) throws Exception {
        ScheduledExecutorService scheduler = BenchContext.scheduler("p6-watch");
        AtomicLong lines = new AtomicLong();
        // warm-up: load and compile every class involved, so "before" does not count one-off class data
        try (Evaluator warm = new Evaluator(Clock.systemUTC(), scheduler, WatchSettings.defaults())) {
            watchAll(warm, new FakeSlurmHost(20), 20, new AtomicLong());
            TimeUnit.SECONDS.sleep(5);
        }
        FakeSlurmHost host = new FakeSlurmHost(n);
        try (Evaluator ev = new Evaluator(Clock.systemUTC(), scheduler, WatchSettings.defaults())) {
            long heapBefore = usedAfterGc();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            List<Watch> watches = watchAll(ev, host, n, lines);
            TimeUnit.SECONDS.sleep(WATCH_SECONDS);
            long heapAfter = usedAfterGc();
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            ClusterWatcher w = ev.watcherOf(host);
            long stillWatched = watches.stream().filter(x -> !x.done().isDone()).count();
            System.out.println(MARK + "n=" + n + " heapBefore=" + heapBefore + " heapAfter=" + heapAfter + " threadsBefore="
                    + threadsBefore + " threadsAfter=" + threadsAfter + " polls=" + w.statusPolls() + " lines=" + lines.get()
                    + " watched=" + stillWatched);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static List<Watch> watchAll(Evaluator ev, FakeSlurmHost host, int n, AtomicLong lines) {
        List<Watch> watches = new ArrayList<>();
        ClusterRef cluster = new ClusterRef("fake", "fake-cluster", 22, "bench", false);
        for (int i = 0; i < n; i++) {
            TaskRecord task = new TaskRecord("gsm8k", 0, FakeSlurmHost.taskDir(i), FakeSlurmHost.jobName(i),
                    List.of(FakeSlurmHost.jobId(i)), "PENDING", null, null, Map.of(), Instant.now());
            String inv = String.format("%016x", 0xbe00000000000000L + i);
            RunRecord r = new RunRecord(RunRecord.SCHEMA, inv, Instant.now(), cluster, "bench.yaml", "/fake/run-" + i,
                    List.of(), List.of(), null, RunRecord.Phase.WATCHING, List.of(task), null, null);
            watches.add(ev.watch(r, host, new CountingSink(lines), x -> {}));
        }
        return watches;
    }

    /**
     * The live heap: a full GC, then what each heap pool held right after it ({@code getCollectionUsage}), so that
     * what the watcher allocates between the GC and the reading does not count.
     */
    private static long usedAfterGc() throws InterruptedException {
        long used = 0;
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    /** A run's own sink: counts lines, keeps nothing. */
    private record CountingSink(AtomicLong lines) implements LogSink {
        @Override
        public void remoteLine(String task, String source, String text) {
            lines.incrementAndGet();
        }

        @Override
        public void info(String text) {}

        @Override
        public void warn(String text) {}
    }
}
