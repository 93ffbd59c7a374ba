package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.nio.file.Path;

/**
 * The commands a user types next, spelled out with the right invocation id and state directory. Messages and tests
 * build them from here, so what the help says is what works.
 */
final class Hints {

    private final String stateArg;

    /** @param stateDir the state directory in use; named in the hints unless it is the default one */
    Hints(Path stateDir, Path defaultStateDir) {
        this.stateArg = stateDir.equals(defaultStateDir) ? "" : " --state-dir " + stateDir;
    }

    String follow(String id) {
        return "slurm-evaluate logs -f " + id + stateArg;
    }

    String status(String id) {
        return "slurm-evaluate status " + id + stateArg;
    }

    String kill(String id) {
        return "slurm-evaluate kill " + id + stateArg;
    }

    String resume(String id) {
        return "slurm-evaluate resume " + id + stateArg;
    }

    /** After {@code run --detach}: how to follow, check and cancel. */
    String detached(RunRecord r) {
        String id = r.invocationId();
        return "slurm-evaluate: invocation " + id + " submitted (" + r.tasks().size() + " task(s) on " + r.cluster().describe()
                + "); it runs on its own now.\n"
                + "  follow:  " + follow(id) + "   (streams the logs, then downloads the results and gates them)\n"
                + "  check:   " + status(id) + "\n"
                + "  cancel:  " + kill(id);
    }

    /** After Ctrl-C while following, when the jobs were left alone. */
    String interrupted(RunRecord r) {
        String id = r.invocationId();
        if (r.phase() == RunRecord.Phase.SUBMITTING && r.tasks().stream().noneMatch(t -> t.submitted())) {
            return "slurm-evaluate: interrupted while submitting invocation " + id + "; if a job was submitted already, "
                    + "'" + follow(id) + "' finds it by name, and '" + kill(id) + "' cancels it.";
        }
        if (r.allChainsStopped()) {
            return "slurm-evaluate: interrupted: every chain of invocation " + id + " had stopped; nothing was cancelled.\n"
                    + "  download and gate:  " + follow(id);
        }
        return "slurm-evaluate: interrupted: stopped following invocation " + id + "; its jobs KEEP RUNNING on the cluster "
                + "(nothing was cancelled).\n"
                + "  follow again:  " + follow(id) + "\n"
                + "  cancel them:   " + kill(id);
    }
}
