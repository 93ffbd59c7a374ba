package io.jenkins.plugins.slurmevaluate.config.plan;

import io.jenkins.plugins.slurmevaluate.config.model.AuxiliaryDeployment;
import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.model.Evaluation;
import io.jenkins.plugins.slurmevaluate.config.plan.Trust.Kind;
import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds what a plan runs that must be trusted (reference a.8, a.10): every non-empty {@code pre_cmd}/{@code post_cmd}
 * (evaluation, each planned task, deployment, auxiliary deployments), and every task the catalog does not list unless
 * its image is a local file ({@code *.sqsh} or an absolute path), which the user picked on purpose. Each finding
 * names the key and where it is written. Pure: no I/O.
 */
public final class TrustCheck {

    /**
     * One thing to trust.
     *
     * @param kind   a command or an unlisted task
     * @param key    the config key, e.g. {@code evaluation.tasks[1].pre_cmd}
     * @param origin where the key is written
     * @param detail what it is, for the user
     */
    public record Finding(Kind kind, String key, Origin origin, String detail) {
        @Override
        public String toString() {
            return origin + ": " + key + " " + detail;
        }
    }

    private TrustCheck() {}

    /** Everything in the plan that needs trust, commands first, in config order. */
    public static List<Finding> find(EvaluationPlan plan) {
        EvalConfig m = plan.model();
        MapNode tree = plan.config().tree();
        List<Finding> out = new ArrayList<>();
        command(out, m.evaluation().preCmd(), tree, "evaluation", "pre_cmd");
        command(out, m.evaluation().postCmd(), tree, "evaluation", "post_cmd");
        for (PlannedTask p : plan.tasks()) {
            Evaluation.Task t = p.task();
            command(out, t.preCmd(), tree, "evaluation", "tasks", t.index(), "pre_cmd");
            command(out, t.postCmd(), tree, "evaluation", "tasks", t.index(), "post_cmd");
        }
        command(out, m.deployment().preCmd(), tree, "deployment", "pre_cmd");
        for (AuxiliaryDeployment aux : m.auxiliaryDeployments()) {
            command(out, aux.server().preCmd(), tree, "auxiliary_deployments", aux.name(), "pre_cmd");
        }
        if (m.execution().autoExport() != null && !m.execution().autoExport().destinations().isEmpty()) {
            // the export job runs it as written before exporting; the default (pip install) is ours
            String install = m.execution().autoExport().launcherInstallCmd();
            command(out, install == null ? null : install.strip(), tree, "execution", "auto_export", "launcher_install_cmd");
        }
        for (PlannedTask p : plan.tasks()) {
            if (p.resolved().unlisted() && !isLocalImage(p.resolved().image())) {
                out.add(new Finding(Kind.UNLISTED_TASK, "evaluation.tasks[" + p.task().index() + "].name", p.task().origin(),
                        "'" + p.task().name() + "' is not in the task catalog; it runs in the image " + p.resolved().image()));
            }
        }
        return List.copyOf(out);
    }

    /** A local image (a squash file or an absolute path) bypasses the unlisted-task check, as in the launcher. */
    public static boolean isLocalImage(String image) {
        return image != null && (image.endsWith(".sqsh") || image.startsWith("/"));
    }

    /** The findings that {@code trust} does not cover. */
    public static List<Finding> untrusted(List<Finding> findings, Trust trust) {
        return findings.stream().filter(f -> !trust.grants(f.kind())).toList();
    }

    /**
     * One message listing the findings and how to opt in.
     *
     * @param lead     the first sentence, e.g. "refusing to submit"
     * @param howToOptIn for each kind present, how this front end opts in ("--trust-pre-cmd or ...")
     */
    public static String report(String lead, List<Finding> findings, Function<Kind, String> howToOptIn) {
        StringBuilder s = new StringBuilder(lead).append(": the config runs ")
                .append(describe(findings)).append(", which a config from an unreviewed branch could abuse:");
        findings.forEach(f -> s.append("\n  ").append(f));
        Set<Kind> kinds = new LinkedHashSet<>();
        findings.forEach(f -> kinds.add(f.kind()));
        for (Kind k : kinds) {
            s.append("\n").append(k == Kind.COMMAND ? "To run these commands: " : "To run these tasks: ")
                    .append(howToOptIn.apply(k));
        }
        return s.toString();
    }

    private static String describe(List<Finding> findings) {
        boolean commands = findings.stream().anyMatch(f -> f.kind() == Kind.COMMAND);
        boolean tasks = findings.stream().anyMatch(f -> f.kind() == Kind.UNLISTED_TASK);
        return commands && tasks ? "shell commands and tasks not in the catalog" : commands ? "shell commands"
                : "tasks not in the catalog";
    }

    private static void command(List<Finding> out, String value, MapNode tree, Object... path) {
        if (value == null || value.isEmpty()) {
            return;
        }
        StringBuilder key = new StringBuilder();
        for (Object p : path) {
            key.append(p instanceof Integer i ? "[" + i + "]" : (key.length() == 0 ? "" : ".") + p);
        }
        out.add(new Finding(Kind.COMMAND, key.toString(), origin(tree, path), "(a shell command run on the cluster as written)"));
    }

    /** Where the last key of {@code path} is written; the nearest known origin when the tree has no such key. */
    private static Origin origin(MapNode tree, Object... path) {
        Node node = tree;
        Origin found = tree.origin();
        for (Object p : path) {
            if (node instanceof MapNode map && p instanceof String k && map.has(k)) {
                found = map.keyOrigin(k);
                node = map.get(k);
            } else if (node instanceof ListNode list && p instanceof Integer i && i < list.items().size()) {
                node = list.items().get(i);
                found = node.origin();
            } else {
                return found;
            }
        }
        return found;
    }
}
