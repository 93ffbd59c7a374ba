package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a saved run and reconnects to its cluster the way it was submitted: the record's cluster (host, port, user,
 * local), the options {@code run} saved next to it, and any flag given now on top (P-35: any machine with the state
 * directory can do it).
 */
final class Attach {

    final RunRecord record;
    final SavedOptions saved;
    final Path stateDir;

    private Attach(RunRecord record, SavedOptions saved, Path stateDir) {
        this.record = record;
        this.saved = saved;
        this.stateDir = stateDir;
    }

    /** @throws CliFailure (exit 2) when no run, or several, match the id */
    static Attach find(CliContext context, TargetRequest request) throws CliFailure {
        Path stateDir = new StateOption.Resolver(request.stateDir()).resolve(context);
        RunRecord r;
        try {
            r = RunStore.inDirectory(stateDir).find(request.id()).orElseThrow(() -> CliFailure.invalid("no run "
                    + request.id() + " in " + stateDir + "; 'slurm-evaluate list" + (request.stateDir() == null ? "" : " --state-dir "
                    + request.stateDir()) + "' shows the runs there"));
            return new Attach(r, SavedOptions.read(stateDir, r.invocationId()), stateDir);
        } catch (IOException e) {
            throw CliFailure.invalid(e.getMessage());
        }
    }

    /** A session on the run's cluster, masking the run's secrets as resolved now. */
    Session session(CliContext context, TargetRequest request, Terminal terminal) throws CliFailure {
        Connections.Connection c = Connections.resolve(saved.under(request.connection()), Connections.Target.of(record.cluster()),
                context.environment(), context.home());
        List<String> secretValues = List.of();
        if (!record.secretNames().isEmpty()) {
            Path envFile = request.envFile() != null ? request.envFile()
                    : saved.envFile() != null && Files.isRegularFile(saved.envFile()) ? saved.envFile() : null;
            secretValues = Secrets.valuesOf(record.secretNames(), Secrets.load(context, envFile), terminal);
        }
        return Session.open(context, stateDir, terminal, secretValues, c);
    }

    /** Where results go: the flag, else what run was told, else ./slurm-evaluate-results/<invocation>. */
    Path resultsDir(CliContext context, Path flag) {
        Path p = flag != null ? flag : saved.resultsDir() != null ? saved.resultsDir()
                : Path.of("slurm-evaluate-results", record.invocationId());
        return context.workingDirectory().resolve(p).toAbsolutePath().normalize();
    }

    /** The run may be followed by this process only. */
    RunLock lock() throws CliFailure {
        try {
            return RunLock.acquire(stateDir, record.invocationId());
        } catch (IOException e) {
            throw CliFailure.invalid("cannot lock " + record.invocationId() + " in " + stateDir + ": " + e.getMessage());
        }
    }
}
