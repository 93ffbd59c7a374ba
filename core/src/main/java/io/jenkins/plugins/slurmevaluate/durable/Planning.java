package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigException;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.LoadedConfig;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.Planner;
import io.jenkins.plugins.slurmevaluate.results.gate.Gates;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The first step of an evaluation: reads the request's files, applies the cluster's defaults, plans the config and
 * checks the gates and the baseline, so that whatever is wrong with a request is reported before anything is
 * submitted. Touches no cluster.
 */
final class Planning {

    /**
     * What planning found.
     *
     * @param plan the plan; use it only when there is no problem
     * @param problem what is wrong with the request, as one message for the user; null when it can be submitted
     * @param log the log with every secret that planning looked up masked, problem or not
     */
    record Outcome(EvaluationPlan plan, String problem, LogSink log) {}

    private Planning() {}

    /**
     * The request with the config (and baseline) text read, so that the saved request carries it and a restart
     * plans from the same text even when the workspace changed.
     */
    static EvaluationRequest withFilesRead(EvaluationPorts p, EvaluationRequest req)
            throws IOException, InterruptedException {
        EvaluationRequest.Builder b = req.toBuilder();
        if (req.configText() == null) {
            b.configText(p.readFile(req.configPath()));
        }
        if (req.baselinePath() != null && req.baselineText() == null) {
            b.baselineText(p.readFile(req.baselinePath()));
        }
        return b.build();
    }

    /** Plans a request whose files are read (see {@link #withFilesRead}) for the cluster it runs on. */
    static Outcome plan(EvaluationPorts p, EvaluationRequest req, ClusterProfile profile) {
        RecordingSecrets secrets = new RecordingSecrets(p.secrets());
        ConfigLoader loader = new ConfigLoader(p.environment());
        // loaded once with the user's overrides alone, to see which values the profile may still fill in
        LoadedConfig first = loader.inspect(req.configName(), req.configText(), req.overrides());
        List<String> overrides = new ArrayList<>(profile.overridesFor(first));
        overrides.addAll(req.overrides());
        EvaluationPlan plan = null;
        String problem = null;
        try {
            plan = new Planner(loader, TaskCatalog.bundled()).plan(loader.inspect(req.configName(), req.configText(),
                    overrides), secrets, req.tasks());
            Gates.parse(req.gates());
            Baseline.read(req, p);
        } catch (ConfigException e) {
            problem = e.report(req.configName());
        } catch (IllegalArgumentException | IOException e) {
            problem = e.getMessage();
        }
        return new Outcome(plan, problem, LogSink.masking(p.log(), secrets.values()));
    }
}
