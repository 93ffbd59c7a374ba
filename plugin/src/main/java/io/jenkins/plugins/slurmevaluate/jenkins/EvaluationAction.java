package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.model.Run;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationRequest;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationResult;
import io.jenkins.plugins.slurmevaluate.durable.ScoreTrend;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunRecordJson;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import hudson.model.Action;
import java.util.Collection;
import jenkins.model.RunAction2;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One evaluation of a build: its summary on the build page (verdict, each task's chain, scores, gates), a page of its
 * own with the scores' trend over earlier builds, and the run record (job ids, no secret) that lets
 * {@link EvaluationJanitor} cancel chains a hard-killed build left behind. Saved with the build (build.xml), so it
 * holds strings only: XStream's class filter refuses the core jar's classes (JEP-200), so the record and the result
 * are kept as JSON text and read back on demand.
 */
@ExportedBean
public final class EvaluationAction implements RunAction2, SimpleBuildStep.LastBuildAction {

    private static final Logger LOG = Logger.getLogger(EvaluationAction.class.getName());
    /** Builds shown in the trend. */
    static final int TREND_BUILDS = 20;

    private final String invocationId;
    private final String configName;
    private final String cluster;
    private final String hostname;
    private final String credentialsId;
    private String recordJson;
    private String resultJson;
    /** The result read from {@link #resultJson}; rebuilt on first use after loading. */
    private transient EvaluationResult result;
    private transient Run<?, ?> run;

    private EvaluationAction(EvaluationRequest request, String invocationId) {
        this.invocationId = invocationId;
        this.configName = request.configName();
        this.cluster = request.cluster();
        this.hostname = request.hostname();
        this.credentialsId = request.credentialsId();
    }

    /** Keeps the newest record of an invocation on its build (adding the action the first time). */
    static void recordOn(Run<?, ?> run, EvaluationRequest request, RunRecord record) {
        of(run, request, record.invocationId()).keep(run, record);
    }

    /** Replaces the record and saves the build. */
    synchronized void keep(Run<?, ?> build, RunRecord record) {
        try {
            recordJson = new String(RunRecordJson.write(record), StandardCharsets.UTF_8);
            build.save();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot save the run record of " + record.invocationId() + " on " + build, e);
        }
    }

    /** Puts the result on the build. */
    static void resultOn(Run<?, ?> run, EvaluationRequest request, EvaluationResult result) throws IOException {
        EvaluationAction a = of(run, request, result.getInvocationId());
        synchronized (a) {
            a.result = result;
            a.resultJson = result.toJson();
        }
        run.save();
    }

    /** Whether the build holds the result of that invocation already. */
    static boolean hasResult(Run<?, ?> run, String invocationId) {
        return run.getActions(EvaluationAction.class).stream()
                .anyMatch(a -> a.invocationId.equals(invocationId) && a.getResult() != null);
    }

    private static synchronized EvaluationAction of(Run<?, ?> run, EvaluationRequest request, String invocationId) {
        for (EvaluationAction a : run.getActions(EvaluationAction.class)) {
            if (a.invocationId.equals(invocationId)) {
                return a;
            }
        }
        EvaluationAction a = new EvaluationAction(request, invocationId);
        run.addAction(a);
        return a;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return "symbol-analytics";
    }

    @Override
    public String getDisplayName() {
        return "Slurm evaluation " + configName;
    }

    @Override
    @Exported
    public String getUrlName() {
        return "slurm-evaluate-" + invocationId;
    }

    /** The build, for the page's side panel; null before the action is attached. */
    public Run<?, ?> getRun() {
        return run;
    }

    @Exported
    public String getInvocationId() {
        return invocationId;
    }

    @Exported
    public String getConfigName() {
        return configName;
    }

    String getClusterName() {
        return cluster;
    }

    String getHostname() {
        return hostname;
    }

    String getCredentialsId() {
        return credentialsId;
    }

    /** For the REST API ({@code /job/x/1/api/json}): the verdict, or null without a result. */
    @Exported
    public String getVerdict() {
        EvaluationResult r = getResult();
        return r == null ? null : r.getVerdict();
    }

    /** For the REST API: the verdict's one line, or null without a result. */
    @Exported
    public String getMessage() {
        EvaluationResult r = getResult();
        return r == null ? null : r.getMessage();
    }

    /** For the REST API: each score by key, as the step's return value has them. */
    @Exported
    public Map<String, Double> getScores() {
        EvaluationResult r = getResult();
        Map<String, Double> m = new LinkedHashMap<>();
        if (r != null) {
            r.getScores().forEach(s -> m.put(s.getKey(), s.getValue()));
        }
        return m;
    }

    /** The result, or null while the evaluation runs (or if it failed before gating). */
    public synchronized EvaluationResult getResult() {
        if (result == null && resultJson != null) {
            try {
                result = EvaluationResult.fromJson(resultJson);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "unreadable evaluation result in " + run, e);
                resultJson = null;
            }
        }
        return result;
    }

    /** The newest run record, or null before the submission. */
    public synchronized RunRecord getRecord() {
        try {
            return recordJson == null ? null : RunRecordJson.read(recordJson.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "unreadable run record in " + run, e);
            return null;
        }
    }

    /**
     * The tasks: each chain's job ids, state, how it stopped and the evaluator's count. While the evaluation runs in
     * this process they come from its live record, since build.xml is saved only when a chain changes and the count
     * moves in between; otherwise as last saved.
     */
    public List<TaskRecord> getTasks() {
        RunRecord r = liveRecord();
        r = r != null ? r : getRecord();
        return r == null ? List.of() : r.tasks();
    }

    private RunRecord liveRecord() {
        Run<?, ?> build = run;
        if (build == null || !build.isBuilding()) {
            return null;
        }
        for (EvaluationPool.Live l : EvaluationPool.get().liveOf(build.getExternalizableId())) {
            RunRecord r = l.evaluation().record();
            if (r != null && invocationId.equals(r.invocationId())) {
                return r;
            }
        }
        return null;
    }

    /** On the job's page, while this build is its last completed one: the score trend and a link here. */
    @Override
    public Collection<? extends Action> getProjectActions() {
        return List.of(new EvaluationTrendAction(this));
    }

    /** Each task's line for the page, in words. */
    public List<TaskSummary> getTaskSummaries() {
        return getTasks().stream().map(TaskSummary::of).toList();
    }

    /**
     * What the page says while there is no verdict: how far the evaluation got, or, once the build is over, that it
     * ended without one (failed before gating, aborted, lost the cluster).
     */
    @Exported
    public String getStatus() {
        RunRecord r = getRecord();
        boolean building = run != null && run.isBuilding();
        if (r != null && r.phase() == RunRecord.Phase.KILLED) {
            return "cancelled";
        }
        if (!building) {
            return r == null ? "ended before anything was submitted; see the build log"
                    : "ended without a verdict; see the build log";
        }
        if (r == null) {
            return "planning";
        }
        return switch (r.phase()) {
            case SUBMITTING -> "submitting";
            case WATCHING -> "running";
            case COLLECTING -> "downloading artifacts and gating";
            default -> "finishing";
        };
    }

    /** True when jobs of this evaluation may still be queued or running although its step is over. */
    boolean needsCancel() {
        RunRecord r = getRecord();
        return r != null && !r.phase().finished() && !r.allChainsStopped()
                && r.tasks().stream().anyMatch(TaskRecord::submitted);
    }

    /**
     * The scores of the same config over the last {@value #TREND_BUILDS} builds up to this one, oldest first, labelled
     * by build number (display names need not be unique).
     */
    public ScoreTrend getTrend() {
        List<Run<?, ?>> builds = new ArrayList<>();
        for (Run<?, ?> b = run; b != null && builds.size() < TREND_BUILDS; b = b.getPreviousBuild()) {
            builds.add(0, b);
        }
        Map<String, EvaluationResult> results = new LinkedHashMap<>();
        for (Run<?, ?> b : builds) {
            b.getActions(EvaluationAction.class).stream()
                    .filter(a -> Objects.equals(a.configName, configName) && a.getResult() != null).findFirst()
                    .ifPresent(a -> results.put("#" + b.getNumber(), a.getResult()));
        }
        return ScoreTrend.of(results);
    }
}
