package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigException;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.Planner;
import io.jenkins.plugins.slurmevaluate.config.model.Execution;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;

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
