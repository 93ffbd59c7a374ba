package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.model.listeners.ItemListener;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.jenkins.plugins.slurmevaluate.durable.DurableEvaluation;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.SshSettings;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.WatchSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The plugin's own machinery, one per controller: two thread pools (never Jenkins' shared {@code Timer}, since SSH
 * calls block), the {@link Evaluator} whose cluster watchers batch every evaluation's polls, the shared SSH
 * connections, and the evaluations alive in this process.
 *
 * <p>The pools are separate so that slow work cannot stall the logs: cluster watchers poll on a small pool of their own,
 * while planning, sbatch, downloads, archiving and cancels run on an elastic pool that grows with the load and shrinks
 * when idle. Threads start with a clean context class loader: the first work comes from a Pipeline's CPS thread, and a
 * pool thread must not pin that build's Groovy classes for the life of the controller (JENKINS-49206).
 *
 * <p>A cluster that stops answering is waited for without end (the user's abort or {@code timeout} decides), with a
 * warning in the build log every ten minutes. Before a planned shutdown every live evaluation is detached (a Pipeline
 * step saves its state and resumes after the restart; a freestyle build cancels its chains, bounded in time); the pools
 * then finish what they run before they stop.
 */
@Extension
public final class EvaluationPool extends ItemListener {

    private static final Logger LOG = Logger.getLogger(EvaluationPool.class.getName());
    private static final String PREFIX = EvaluationPool.class.getName() + ".";
    /** Most threads of the elastic pool for blocking stage work. */
    static final int STAGE_THREADS = Integer.getInteger(PREFIX + "stageThreads", 16);
    /** Threads that poll clusters; each watcher multiplexes every evaluation on its cluster. */
    static final int WATCH_THREADS = Integer.getInteger(PREFIX + "watchThreads", 2);
    /** How long an unused SSH connection stays open for the next build. */
    static final Duration IDLE_CONNECTION = Duration.ofSeconds(Long.getLong(PREFIX + "idleConnectionSeconds", 300));
    /** Minutes a cluster may stay unreachable before the step fails; 0 (the default) waits without end. */
    static final long UNREACHABLE_GRACE_MINUTES = Long.getLong(PREFIX + "unreachableGraceMinutes", 0);
    /** How long a shutdown waits for freestyle builds to cancel their chains, and for running work to end. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(Long.getLong(PREFIX + "shutdownWaitSeconds", 60));

    /** A running evaluation of this process. */
    interface Live {
        DurableEvaluation evaluation();

        /** The build's externalizable id, or null when unknown. */
        String runId();

        /**
         * Lets go of the handles before a planned shutdown; completes when that is done (a Pipeline step: at once,
         * its state saved; a freestyle build, which cannot resume: once its chains are cancelled).
         */
        CompletableFuture<?> detach();
    }

    private final ScheduledThreadPoolExecutor stageWork = pool(STAGE_THREADS, "slurm-evaluate");
    private final ScheduledThreadPoolExecutor watchPolls = pool(WATCH_THREADS, "slurm-evaluate-watch");
    private final Evaluator evaluator = new Evaluator(Clock.systemUTC(), watchPolls, watchSettings());
    private final SharedConnections connections = new SharedConnections(Clock.systemUTC(), IDLE_CONNECTION,
            evaluator::forget);
    private final Set<Live> live = ConcurrentHashMap.newKeySet();

    public EvaluationPool() {
        long minutes = Math.max(1, Math.min(5, IDLE_CONNECTION.toMinutes()));
        stageWork.scheduleWithFixedDelay(connections::closeIdle, minutes, minutes, TimeUnit.MINUTES);
    }

    public static EvaluationPool get() {
        return ExtensionList.lookupSingleton(EvaluationPool.class);
    }

    private static ScheduledThreadPoolExecutor pool(int threads, String name) {
        ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(threads,
                new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), name));
        p.setKeepAliveTime(60, TimeUnit.SECONDS);
        p.allowCoreThreadTimeOut(true);
        p.setRemoveOnCancelPolicy(true);
        p.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a retry due in minutes must not hold up a shutdown
        return p;
    }

    static WatchSettings watchSettings() {
        Duration grace = UNREACHABLE_GRACE_MINUTES > 0 ? Duration.ofMinutes(UNREACHABLE_GRACE_MINUTES) : WatchSettings.FOREVER;
        return WatchSettings.defaults().withUnreachableGrace(grace);
    }

    /** Where planning, submission, downloads, publishing and cancels run. */
    ScheduledExecutorService scheduler() {
        return stageWork;
    }

    Evaluator evaluator() {
        return evaluator;
    }

    /** The shared connection for these settings, held for {@code user} until {@link #release}. */
    public RemoteHost host(SshSettings settings, Object user, Function<SshSettings, RemoteHost> open) {
        return connections.acquire(settings, user, open);
    }

    /** {@code user} is done with the connections it took. */
    public void release(Object user) {
        connections.releaseAll(user);
    }

    /** Connections open now, for tests. */
    int openConnections() {
        return connections.size();
    }

    /** Closes the connections unused for the idle limit now, for tests. */
    int closeIdleConnections() {
        return connections.closeIdle();
    }

    void register(Live l) {
        live.add(l);
    }

    void unregister(Live l) {
        live.remove(l);
    }

    /** The live evaluations of a build. */
    List<Live> liveOf(String runId) {
        return live.stream().filter(l -> runId.equals(l.runId())).toList();
    }

    /** Detaches every live evaluation before the build states are saved for a restart; waits a bounded time. */
    @Override
    public void onBeforeShutdown() {
        List<CompletableFuture<?>> detached = new java.util.ArrayList<>();
        for (Live l : live) {
            try {
                detached.add(l.detach());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot detach a slurmEvaluate step before shutdown", e);
            }
        }
        try {
            CompletableFuture.allOf(detached.toArray(CompletableFuture[]::new)).get(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "not every slurm-evaluate build finished cancelling its Slurm jobs before shutdown", e);
        }
        live.clear();
    }

    /** Lets running work end (a cancel, a save), then closes every connection. */
    @Terminator
    public static void shutDown() {
        EvaluationPool pool = ExtensionList.lookup(EvaluationPool.class).stream().findFirst().orElse(null);
        if (pool == null) {
            return;
        }
        pool.evaluator.close();
        pool.watchPolls.shutdownNow();
        pool.stageWork.shutdown();
        try {
            if (!pool.stageWork.awaitTermination(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warning("slurm-evaluate work still running after " + SHUTDOWN_WAIT.toSeconds() + " s; interrupting it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.stageWork.shutdownNow();
        pool.connections.closeAll();
    }
}
