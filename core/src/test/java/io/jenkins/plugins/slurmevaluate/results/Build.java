package io.jenkins.plugins.slurmevaluate.results;

import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.model.Metric;
import io.jenkins.plugins.slurmevaluate.results.model.Node;
import io.jenkins.plugins.slurmevaluate.results.model.Score;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import io.jenkins.plugins.slurmevaluate.results.read.ResultsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Short ways to build results in tests. */
final class Build {

    private Build() {}

    static Score score(String name, double value, double stderr) {
        return Score.of(name, value, stderr);
    }

    static Score score(String name, double value) {
        return Score.of(name, value);
    }

    static Metric metric(String name, Score... scores) {
        return Metric.of(name, scores);
    }

    /** A metric with one score of the same name, as lm-eval writes most metrics. */
    static Metric metric(String name, double value, double stderr) {
        return Metric.of(name, Score.of(name, value, stderr));
    }

    static Node node(String name, Metric... metrics) {
        return Node.of(name, metrics);
    }

    static TaskRun run(String dir, String type, List<Node> tasks, List<Node> groups) {
        return TaskRun.withResults(dir, Optional.ofNullable(type), byName(tasks), byName(groups));
    }

    /** A task directory with task nodes only. */
    static TaskRun run(String dir, String type, Node... tasks) {
        return run(dir, type, List.of(tasks), List.of());
    }

    static Invocation invocation(TaskRun... runs) {
        return Invocation.of("/results/inv", List.of(runs));
    }

    /** One task directory {@code <task>.0} of a fixture file, read the way the lifecycle reads it. */
    static TaskRun fixture(Path tmp, String dir, String fixture) {
        try {
            Path taskDir = Fixtures.task(Files.createTempDirectory(tmp, "fx"), dir, Fixtures.text(fixture));
            return ResultsReader.readFile(taskDir.resolve(ResultsReader.RESULTS_FILE), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Node> byName(List<Node> nodes) {
        Map<String, Node> map = new LinkedHashMap<>();
        nodes.forEach(n -> map.put(n.name(), n));
        return map;
    }
}
