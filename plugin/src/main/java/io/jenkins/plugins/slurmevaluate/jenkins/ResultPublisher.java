package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.junit.JUnitResultArchiver;
import hudson.tasks.junit.TestResultSummary;
import hudson.tasks.junit.pipeline.JUnitResultsStepExecution;
import hudson.tasks.test.PipelineTestDetails;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationRequest;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationResult;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jenkins.util.BuildListenerAdapter;
import org.jenkinsci.plugins.workflow.graph.FlowNode;

/**
 * Puts an evaluation's outcome on its build: the summary action, the downloaded artifacts and logs (through the
 * build's artifact manager, so S3 and other managers work too) under {@code slurm-evaluate/<invocation id>/}, and
 * the gate report as test results (one test per gate; INCONCLUSIVE is a skipped test). Once per invocation: a restart
 * between publishing and saving the step's state publishes nothing twice.
 */
final class ResultPublisher {

    static final String GATES_XML = "slurm-evaluate-gates.xml";

    private ResultPublisher() {}

    static void publish(Run<?, ?> run, TaskListener listener, FlowNode node, EvaluationRequest request,
            EvaluationResult result, Path dir, LogSink log) throws IOException, InterruptedException {
        if (EvaluationAction.hasResult(run, result.getInvocationId())) {
            // published before a restart that came before the step's state was saved: the tests must not double
            log.info("the results of invocation " + result.getInvocationId() + " were published before the restart");
            return;
        }
        if (dir != null) {
            archiveAndRecordTests(run, listener, node, request, result, dir, log);
        }
        EvaluationAction.resultOn(run, request, result); // last: the result on the build marks it published
    }

    private static void archiveAndRecordTests(Run<?, ?> run, TaskListener listener, FlowNode node,
            EvaluationRequest request, EvaluationResult result, Path dir, LogSink log)
            throws IOException, InterruptedException {
        FilePath ws = new FilePath(dir.toFile());
        Launcher launcher = new Launcher.LocalLauncher(listener);
        if (request.archive()) {
            Map<String, String> files = new LinkedHashMap<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                        .forEach(rel -> files.put("slurm-evaluate/" + result.getInvocationId() + "/" + rel, rel));
            }
            run.pickArtifactManager().archive(ws, launcher, BuildListenerAdapter.wrap(listener), files);
            log.info("archived " + files.size() + " file(s) under slurm-evaluate/" + result.getInvocationId() + "/");
        }
        if (Files.isRegularFile(dir.resolve(GATES_XML))) {
            JUnitResultArchiver junit = new JUnitResultArchiver(GATES_XML);
            junit.setAllowEmptyResults(true);
            junit.setSkipPublishingChecks(true);
            junit.setSkipMarkingBuildUnstable(true);
            TestResultSummary s = JUnitResultArchiver.parseAndSummarize(junit, details(node), run, ws, launcher, listener);
            log.info("gates recorded as " + s.getTotalCount() + " test(s), " + s.getFailCount() + " failed");
        }
    }

    /** Ties the tests to the step's stage and parallel branch, as the junit step does; null outside Pipeline. */
    private static PipelineTestDetails details(FlowNode node) {
        if (node == null) {
            return null;
        }
        List<FlowNode> blocks = JUnitResultsStepExecution.getEnclosingStagesAndParallels(node);
        PipelineTestDetails d = new PipelineTestDetails();
        d.setNodeId(node.getId());
        d.setEnclosingBlocks(JUnitResultsStepExecution.getEnclosingBlockIds(blocks));
        d.setEnclosingBlockNames(JUnitResultsStepExecution.getEnclosingBlockNames(blocks));
        return d;
    }
}
