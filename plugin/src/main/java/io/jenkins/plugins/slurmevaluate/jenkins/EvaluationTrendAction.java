package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.model.Action;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The job page's view of the last completed build's evaluation: a link to it and its score trend over the builds
 * before it (the job page shows the trend without opening a build).
 */
@Restricted(NoExternalUse.class)
public final class EvaluationTrendAction implements Action {

    private final EvaluationAction evaluation;

    EvaluationTrendAction(EvaluationAction evaluation) {
        this.evaluation = evaluation;
    }

    public EvaluationAction getEvaluation() {
        return evaluation;
    }

    @Override
    public String getIconFileName() {
        return "symbol-analytics";
    }

    @Override
    public String getDisplayName() {
        return "Last Slurm evaluation " + evaluation.getConfigName();
    }

    @Override
    public String getUrlName() {
        return "lastCompletedBuild/" + evaluation.getUrlName();
    }
}
