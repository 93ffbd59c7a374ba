package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.model.Evaluation;
import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code evaluation} and its tasks (reference a.8: unknown keys are refused, as the launcher's models do). */
final class EvaluationBuilder {

    private final Problems problems;

    EvaluationBuilder(Problems problems) {
        this.problems = problems;
    }

    Evaluation build(Node node, MapNode root) {
        if (node instanceof ListNode) {
            problems.add(node.origin(), "evaluation", "must be a mapping with a tasks: list, e.g. evaluation: {tasks: "
                    + "[{name: ifeval}]}");
            return new Evaluation(List.of(), java.util.Map.of(), java.util.Map.of(), null, null);
        }
        Section s = Section.of(node, "evaluation", root.origin(), problems);
        s.forbid("overrides", "evaluation.overrides is no longer supported; move its dotted keys into "
                + "evaluation.nemo_evaluator_config as nested keys (config.params.temperature: 0.6 becomes "
                + "nemo_evaluator_config: {config: {params: {temperature: 0.6}}})");
        List<Evaluation.Task> tasks = new ArrayList<>();
        Node list = s.node("tasks");
        if (list instanceof ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                Evaluation.Task t = task(i, l.items().get(i));
                if (t != null) {
                    tasks.add(t);
                }
            }
            if (l.items().isEmpty()) {
                problems.add(l.origin(), "evaluation.tasks", "is empty; list at least one task, e.g. - name: ifeval");
            }
        } else if (list == null || list instanceof ScalarNode sc && sc.isNull()) {
            problems.add(s.at("tasks"), "evaluation.tasks", "no tasks to run; add evaluation.tasks: [- name: <task>]");
        } else if (!(list instanceof ScalarNode sc && sc.isMissing())) {
            s.problem("tasks", "must be a list of tasks (- name: ...), not " + Section.describe(list));
        }
        var config = s.freeForm("nemo_evaluator_config");
        var env = s.envVars("env_vars");
        String pre = emptyToNull(s.string("pre_cmd"));
        String post = emptyToNull(s.string("post_cmd"));
        s.finish();
        return new Evaluation(tasks, config, env, pre, post);
    }

    private Evaluation.Task task(int index, Node node) {
        String path = "evaluation.tasks[" + index + "]";
        if (node instanceof ScalarNode sc && sc.type() == ScalarNode.Type.STRING) {
            problems.add(node.origin(), path, "a task is a mapping: write - name: " + sc.text());
            return null;
        }
        Section s = Section.of(node, path, node.origin(), problems);
        String name = s.required("name", "the task, as <task> or <harness>.<task>");
        String container = s.string("container");
        String endpointType = s.string("endpoint_type");
        var env = s.envVars("env_vars");
        var config = s.freeForm("nemo_evaluator_config");
        String datasetDir = s.absolutePath("dataset_dir", ": it is mounted into the evaluation container");
        String mountPath = s.absolutePath("dataset_mount_path", " inside the container");
        String pre = emptyToNull(s.string("pre_cmd"));
        String post = emptyToNull(s.string("post_cmd"));
        s.finish();
        if (name == null) {
            return null;
        }
        return new Evaluation.Task(index, name, s.at("name"), container, endpointType,
                endpointType == null ? s.at("name") : s.at("endpoint_type"), env, config, datasetDir,
                mountPath == null ? "/datasets" : mountPath, pre, post);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
