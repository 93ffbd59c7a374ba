package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.model.listeners.ItemListener;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.jenkins.plugins.slurmevaluate.durable.DurableEvaluation;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.SshSettings;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.WatchSettings;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The plugin's own machinery, one per controller: a scheduled pool for the evaluations' work (never Jenkins' shared
 * {@code Timer}, since SSH calls block), the {@link Evaluator} whose cluster watchers batch every evaluation's polls,
 * one SSH connection per cluster and login, and the evaluations alive in this process.
 *
 * <p>Before a planned shutdown every live evaluation is detached and its state saved, so the saved log offsets match
 * what the build log shows; then the pool stops. The jobs keep running on the cluster.
 */
@Extension
public final class EvaluationPool extends ItemListener {

    private static final Logger LOG = Logger.getLogger(EvaluationPool.class.getName());
    /** Threads of the pool; SSH calls block, cluster watchers multiplex many evaluations. */
    static final int THREADS = Integer.getInteger(EvaluationPool.class.getName() + ".threads", 8);

    /** A running evaluation of this process. */
    interface Live {
        DurableEvaluation evaluation();

        /** The build's externalizable id, or null when unknown. */
        String runId();

        /** Lets go of the handles and saves the state (planned shutdown). */
        void detach();
    }

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(THREADS,
            new NamingThreadFactory(new DaemonThreadFactory(), "slurm-evaluate"));
    private final Evaluator evaluator = new Evaluator(Clock.systemUTC(), scheduler, WatchSettings.defaults());
    private final Map<SshSettings, RemoteHost> hosts = new ConcurrentHashMap<>();
    private final Set<Live> live = ConcurrentHashMap.newKeySet();

    public static EvaluationPool get() {
        return ExtensionList.lookupSingleton(EvaluationPool.class);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    Evaluator evaluator() {
        return evaluator;
    }

    /** The shared connection for these settings (same cluster, login and key), opened on first use. */
    public RemoteHost host(SshSettings settings, Function<SshSettings, RemoteHost> open) {
        return hosts.computeIfAbsent(settings, open);
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

    /** Detaches every live evaluation before the build states are saved for a restart. */
    @Override
    public void onBeforeShutdown() {
        for (Live l : live) {
            try {
                l.detach();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot detach a slurmEvaluate step before shutdown", e);
            }
        }
        live.clear();
    }

    @Terminator
    public static void shutDown() {
        EvaluationPool pool = ExtensionList.lookup(EvaluationPool.class).stream().findFirst().orElse(null);
        if (pool == null) {
            return;
        }
        pool.evaluator.close();
        pool.scheduler.shutdownNow();
        for (RemoteHost h : pool.hosts.values()) {
            try {
                h.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing " + h.describe(), e);
            }
        }
        pool.hosts.clear();
    }
}
