package io.jenkins.plugins.slurmevaluate.config.plan;

import io.jenkins.plugins.slurmevaluate.config.LoadedConfig;
import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import java.util.List;

/**
 * A validated run: the config, its typed model, one {@link PlannedTask} per task to run, and warnings for things
 * that are allowed but deserve a look (a pre_cmd, an unlisted task, a username taken from $USER). Holds resolved
 * secrets inside its env groups: never serialize or log it whole.
 */
public record EvaluationPlan(LoadedConfig config, EvalConfig model, List<PlannedTask> tasks, List<String> warnings) {

    public EvaluationPlan {
        tasks = List.copyOf(tasks);
        warnings = List.copyOf(warnings);
    }
}
