package io.jenkins.plugins.slurmevaluate.bench;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.run.ClusterWatcher;
import io.jenkins.plugins.slurmevaluate.run.CollectLimits;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.Submission;
import io.jenkins.plugins.slurmevaluate.run.Watch;
import io.jenkins.plugins.slurmevaluate.run.WatchSettings;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * P1 (status load) and P2 (connections). N evaluations are submitted through the engine and watched at once by one
 * {@link ClusterWatcher} to completion, then collected, all through one counting {@link RemoteHost}; meanwhile
 * {@code ss} samples this process's connections to the SSH port and {@code sdiag}/{@code sacctmgr show stats} count
 * Slurm's RPCs. The baseline submits N more of the same evaluations and polls each job with its own
 * {@code squeue -j} and {@code sacct -j} every interval, as a per-job status tool does, until all have finished.
 */
final class StatusLoadBench {

    /** The baseline's poll interval: our watcher's fastest status interval. */
    static final Duration BASELINE_INTERVAL = WatchSettings.defaults().minStatusInterval();

    /** Samples per evaluation, one a second: each job runs about this many seconds, so all N are in flight at once. */
    static final int SAMPLES = 10;

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY",
            "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE");
    private static final List<String> STATUS_RPCS = List.of("ctld:REQUEST_JOB_USER_INFO", "ctld:REQUEST_JOB_INFO_SINGLE",
            "ctld:REQUEST_JOB_INFO", "ctld:REQUEST_FED_INFO", "ctld:REQUEST_PARTITION_INFO", "dbd:DBD_GET_JOBS_COND");

    private StatusLoadBench() {}

    static List<Result> run(BenchContext ctx, int n, Path scratch) throws Exception {
        Result.Raw p1 = new Result.Raw();
        Result.Raw p2 = new Result.Raw();
        Ours ours = ours(ctx, n, scratch, p1, p2);
        Baseline base = baseline(ctx, n, p1);

        double oursSqueue = (double) ours.squeue / ours.polls;
        double oursSacct = (double) ours.sacct / ours.polls;
        double oursPer = oursSqueue + oursSacct;
        double basePer = (double) (base.squeue + base.sacct) / base.intervals;
        double ratio = basePer / oursPer;
        double oursRpc = (double) ours.rpcs / ours.polls;
        double baseRpc = (double) base.rpcs / base.intervals;
        p1.add("Slurm RPCs per interval (status types, global counters, upper bound): ours %.1f, baseline %.1f (%.0fx)",
                oursRpc, baseRpc, baseRpc / oursRpc);
        Result r1 = new Result("P1", "status load, " + n + " evaluations on one cluster",
                "<=1 squeue + <=1 sacct per poll interval; >=25x fewer than per-job polling",
                String.format("%.0f status commands per interval (%.0f squeue + %.0f sacct)", basePer,
                        (double) base.squeue / base.intervals, (double) base.sacct / base.intervals),
                String.format("%.2f per interval (%.2f squeue + %.2f sacct)", oursPer, oursSqueue, oursSacct),
                String.format("%.0fx fewer", ratio), oursSqueue <= 1.0 && oursSacct <= 1.0 && ratio >= 25,
                "Real evaluations (test-bed stand-in, `deployment: none`, one fake model server, " + SAMPLES + " samples at one a "
                        + "second, so each job runs about " + SAMPLES + " s and the 8 job slots turn over several times), submitted by the engine and "
                        + "watched at once by one ClusterWatcher until every chain stopped. A counting RemoteHost decorator counts "
                        + "every command by kind; the watcher's statusPolls() gives the number of poll intervals. Baseline: the "
                        + "same number of the same evaluations, each job polled with its own `squeue -h -j ID` and `sacct -X -j ID` "
                        + "every " + BASELINE_INTERVAL.toSeconds() + " s until all had finished. Slurm's RPC counters "
                        + "(`sdiag` for slurmctld, `sacctmgr show stats` for slurmdbd) are global, so their deltas include other "
                        + "users of the test bed.",
                p1.lines());
        int oursConnections = Math.max(ours.connectionCount, ours.ssDistinct);
        Result r2 = new Result("P2", "SSH connections, " + n + " evaluations (submit, watch, collect)", "1 connection",
                ours.commands + " (OpenSSH: one connection per command)", oursConnections + " (connectionCount "
                        + ours.connectionCount + ", ss saw " + ours.ssDistinct + ")",
                String.format("%.0fx fewer", (double) ours.commands / oursConnections), oursConnections == 1,
                "During P1's run (" + n + " submissions, watching, collecting), `ss -tnpH` sampled every 100 ms the TCP "
                        + "connections of this JVM to the SSH port, and RemoteHost.connectionCount() counted the sockets opened. "
                        + "Baseline: OpenSSH without ControlMaster opens one TCP connection per `ssh`/`scp` invocation "
                        + "(the test bed's client config has none, checked with `ssh -G`), so the same work costs one connection "
                        + "per remote command the engine ran.",
                p2.lines());
        return List.of(r1, r2);
    }

    private record Ours(long polls, long squeue, long sacct, long rpcs, long commands, int connectionCount, int ssDistinct) {}

    private static Ours ours(BenchContext ctx, int n, Path scratch, Result.Raw p1, Result.Raw p2) throws Exception {
        ScheduledExecutorService scheduler = BenchContext.scheduler("p1-watch");
        ConnectionSampler sampler = new ConnectionSampler(ProcessHandle.current().pid(), ctx.testbed.port());
        try (CountingHost host = new CountingHost(ctx.testbed.ssh());
                Evaluator ev = BenchContext.evaluator(scheduler, WatchSettings.defaults())) {
            Workloads w = ctx.workloads("p1-ours", ev, host);
            Map<String, Long> rpcBefore = SlurmRpcCounters.snapshot();
            long t0 = System.nanoTime();
            List<Watch> watches = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Submission s = w.prepare(1, SAMPLES, null, List.of("+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:1"));
                ctx.track(s.record());
                RunRecord r = ev.submit(s, host, x -> {}, BenchContext.quietSink());
                watches.add(ev.watch(r, host, BenchContext.quietSink(), x -> {}));
            }
            double submitSeconds = (System.nanoTime() - t0) / 1e9;
            List<RunRecord> done = new ArrayList<>();
            for (Watch watch : watches) {
                done.add(watch.done().get(15, TimeUnit.MINUTES));
            }
            double watchSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> rpc = SlurmRpcCounters.delta(rpcBefore, SlurmRpcCounters.snapshot());
            ClusterWatcher watcher = ev.watcherOf(host);
            Map<String, Long> byKind = host.snapshot();
            long completed = done.stream().flatMap(r -> r.tasks().stream()).filter(TaskRecord::succeeded).count();
            for (RunRecord r : done) {
                Path dest = Files.createDirectories(scratch.resolve("p1-collect").resolve(r.invocationId()));
                ev.collect(r, host, dest, CollectLimits.defaults());
            }
            long polls = watcher.statusPolls();
            long squeue = host.get("squeue");
            long sacct = host.get("sacct");
            long rpcs = STATUS_RPCS.stream().mapToLong(k -> rpc.getOrDefault(k, 0L)).sum();
            p1.add("ours: %d evaluations, %d completed; submitted in %.1f s, all chains stopped after %.1f s", n, completed,
                    submitSeconds, watchSeconds);
            p1.add("ours: %d status polls; squeue %d, sacct %d (watcher's sacctCalls %d); chain-file reads %d, log reads %d",
                    polls, squeue, sacct, watcher.sacctCalls(), byKind.getOrDefault("remotefiles", 0L),
                    byKind.getOrDefault("logtail", 0L));
            p1.add("ours: status commands per minute %.1f; every remote command per minute %.1f",
                    (squeue + sacct) / (watchSeconds / 60), byKind.values().stream().mapToLong(Long::longValue).sum() / (watchSeconds / 60));
            p1.add("ours: Slurm RPC deltas over the run: %s", pick(rpc));
            long commands = host.total();
            p2.add("ours: commands by kind for %d evaluations (submit + watch + collect): %s", n, host.snapshot());
            sampler.close();
            p2.add("ours: ss samples %d, distinct connections seen %d, most open at once %d; connectionCount() %d",
                    sampler.samples(), sampler.distinct(), sampler.maxOpen(), host.connectionCount());
            p2.add("OpenSSH client config: %s", ctx.openSshMultiplexing());
            return new Ours(polls, squeue, sacct, rpcs, commands, host.connectionCount(), sampler.distinct());
        } finally {
            sampler.close();
            scheduler.shutdownNow();
        }
    }

    private record Baseline(long intervals, long squeue, long sacct, long rpcs) {}

    private static Baseline baseline(BenchContext ctx, int n, Result.Raw p1) throws Exception {
        ScheduledExecutorService scheduler = BenchContext.scheduler("p1-base");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RemoteHost ssh = ctx.testbed.ssh(); Evaluator ev = BenchContext.evaluator(scheduler, WatchSettings.defaults())) {
            CountingHost poller = new CountingHost(ssh);
            Workloads w = ctx.workloads("p1-base", ev, ssh);
            List<String> jobs = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Submission s = w.prepare(1, SAMPLES, null, List.of("+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:1"));
                ctx.track(s.record());
                jobs.add(ev.submit(s, ssh, x -> {}, BenchContext.quietSink()).tasks().get(0).currentJobId());
            }
            Map<String, Long> rpcBefore = SlurmRpcCounters.snapshot();
            Set<String> finished = ConcurrentHashMap.newKeySet();
            long intervals = 0;
            long pollStart = System.nanoTime();
            while (finished.size() < jobs.size() && System.nanoTime() - pollStart < TimeUnit.MINUTES.toNanos(15)) {
                long start = System.nanoTime();
                intervals++;
                List<Future<?>> polls = new ArrayList<>();
                for (String id : jobs) {
                    polls.add(pool.submit(() -> {
                        poller.exec(List.of("squeue", "-h", "-j", id, "-o", "%T"), BenchContext.TIMEOUT);
                        ExecResult a = poller.exec(List.of("sacct", "-n", "-P", "-X", "-j", id, "-o", "State"), BenchContext.TIMEOUT);
                        String state = a.stdout().strip().split("[\\s\\n]", 2)[0];
                        if (TERMINAL.contains(state)) {
                            finished.add(id);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : polls) {
                    f.get();
                }
                long left = BASELINE_INTERVAL.toNanos() - (System.nanoTime() - start);
                if (left > 0 && finished.size() < jobs.size()) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            }
            double seconds = (System.nanoTime() - pollStart) / 1e9;
            Map<String, Long> rpc = SlurmRpcCounters.delta(rpcBefore, SlurmRpcCounters.snapshot());
            long squeue = poller.get("squeue");
            long sacct = poller.get("sacct");
            p1.add("baseline: %d evaluations submitted in %.1f s; %d of them finished after %d intervals (%.1f s)", n,
                    (pollStart - t0) / 1e9, finished.size(), intervals, seconds);
            p1.add("baseline: squeue %d, sacct %d; status commands per minute %.1f", squeue, sacct, (squeue + sacct) / (seconds / 60));
            p1.add("baseline: Slurm RPC deltas over the polling: %s", pick(rpc));
            return new Baseline(intervals, squeue, sacct, STATUS_RPCS.stream().mapToLong(k -> rpc.getOrDefault(k, 0L)).sum());
        } finally {
            pool.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    private static String pick(Map<String, Long> rpc) {
        StringBuilder b = new StringBuilder();
        for (String k : STATUS_RPCS) {
            b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(rpc.getOrDefault(k, 0L));
        }
        return b.toString();
    }
}
