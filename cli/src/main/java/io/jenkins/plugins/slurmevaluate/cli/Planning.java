package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigException;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.Planner;
import io.jenkins.plugins.slurmevaluate.config.plan.Trust;
import io.jenkins.plugins.slurmevaluate.config.plan.TrustCheck;
import io.jenkins.plugins.slurmevaluate.config.plan.TrustCheck.Finding;
import io.jenkins.plugins.slurmevaluate.config.model.Execution;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import java.util.List;

/** Config to plan, the same way for a dry run and a real one: everything is checked before the cluster is touched. */
final class Planning {

    private Planning() {}

    /** @throws CliFailure (exit 2) listing every problem of the config, one per line */
    static EvaluationPlan plan(RunRequest request, CliSecretSource secrets) throws CliFailure {
        Planner planner = new Planner(new ConfigLoader(secrets.merged()), TaskCatalog.bundled());
        try {
            return planner.plan(request.config(), request.overrides(), secrets, request.tasks());
        } catch (ConfigException e) {
            throw CliFailure.invalid(e.report(request.config().toString()));
        }
    }

    /**
     * The launcher's safeguard (reference a.10): shell commands and unlisted tasks run only with {@code --trust-pre-cmd}
     * / {@code --trust-unlisted-tasks} or the launcher's variables set to 1 in the process environment (not in an env
     * file, which may come with the config). A real run is refused before anything connects; a dry run only warns.
     *
     * @throws CliFailure (exit 2) listing what is not trusted and how to opt in
     */
    static void checkTrust(EvaluationPlan plan, RunRequest request, CliContext context) throws CliFailure {
        Trust trust = request.trust().or(Trust.fromEnvironment(context.environment()));
        List<Finding> all = TrustCheck.find(plan);
        List<Finding> untrusted = TrustCheck.untrusted(all, trust);
        all.stream().filter(f -> !untrusted.contains(f)).forEach(f -> context.err().println("warning: trusted: " + f));
        if (untrusted.isEmpty()) {
            return;
        }
        if (request.dryRun()) {
            TrustCheck.report("a real run would be refused", untrusted, Planning::howToTrust).lines()
                    .forEach(l -> context.err().println("warning: " + l));
            return;
        }
        throw CliFailure.invalid(TrustCheck.report("refusing to submit", untrusted, Planning::howToTrust));
    }

    static String howToTrust(Trust.Kind kind) {
        return kind == Trust.Kind.COMMAND ? "pass --trust-pre-cmd (or set " + Trust.TRUST_PRE_CMD + "=1)"
                : "pass --trust-unlisted-tasks (or set " + Trust.TRUST_UNLISTED_TASKS + "=1)";
    }

    /** The cluster as the config names it, before any SSH config applies (what a dry run shows). */
    static ClusterRef declaredCluster(EvaluationPlan plan) {
        Execution ex = plan.model().execution();
        return new ClusterRef(null, ex.hostname(), 22, ex.username(), false);
    }

    /** The config's cluster as a connection target; {@code $USER} is only a fallback behind the SSH config's User. */
    static Connections.Target target(EvaluationPlan plan) {
        Execution ex = plan.model().execution();
        return new Connections.Target(ex.hostname(), ex.username(), !ex.usernameFromEnvironment(), null, false);
    }
}
