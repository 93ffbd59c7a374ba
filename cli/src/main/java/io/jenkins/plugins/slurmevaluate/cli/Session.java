package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.run.WatchSettings;
import io.jenkins.plugins.slurmevaluate.state.RunStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything a command that acts on a run holds while it talks to the cluster: the store, the connection, the
 * engine, and the console with its masking sink. Closing it stops the engine's threads and the SSH connection, never
 * a job.
 */
final class Session implements AutoCloseable {

    final CliContext context;
    final Path stateDir;
    final RunStore store;
    final Hints hints;
    final Terminal terminal;
    /** The terminal behind the secret masker: hand this one to the engine. */
    LogSink sink;
    final RemoteHost host;
    final Evaluator evaluator;
    private final ScheduledExecutorService scheduler;

    private Session(CliContext context, Path stateDir, Terminal terminal, Collection<String> secretValues, RemoteHost host) {
        this.context = context;
        this.stateDir = stateDir;
        this.store = RunStore.inDirectory(stateDir);
        this.hints = new Hints(stateDir, StateOption.defaultDirectory(context));
        this.terminal = terminal;
        this.sink = LogSink.masking(terminal, secretValues);
        this.host = host;
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "slurm-evaluate-watch");
            t.setDaemon(true);
            return t;
        });
        this.evaluator = new Evaluator(Clock.systemDefaultZone(), scheduler, WatchSettings.defaults());
    }

    /** Opens the connection lazily: nothing goes over the network before the first command. */
    static Session open(CliContext context, Path stateDir, Terminal terminal, Collection<String> secretValues,
            Connections.Connection connection) {
        connection.warnings().forEach(terminal::warn);
        return new Session(context, stateDir, terminal, secretValues, connection.open());
    }

    /** Masks these values too from now on (the run's secrets, known once it is prepared); call before any output. */
    void mask(Collection<String> secretValues) {
        this.sink = LogSink.masking(terminal, secretValues);
    }

    RecordKeeper keeper(io.jenkins.plugins.slurmevaluate.state.RunRecord initial) {
        return new RecordKeeper(store, terminal, initial);
    }

    @Override
    public void close() {
        evaluator.close();
        scheduler.shutdownNow();
        try {
            host.close();
        } catch (IOException e) {
            // closing a connection we no longer need; nothing to do about it
        }
    }
}
