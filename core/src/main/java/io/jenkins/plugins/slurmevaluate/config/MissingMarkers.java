package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reports every {@code ???} left in the composed tree, all at once, with the key path and the file (or bundled
 * group) the marker came from. The launcher also refuses any {@code ???} anywhere.
 */
final class MissingMarkers {

    private MissingMarkers() {}

    static void report(MapNode root, Problems problems) {
        walk(root, new ArrayList<>(), problems);
    }

    private static void walk(Node node, List<String> path, Problems problems) {
        if (node instanceof MapNode m) {
            for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                path.add(e.getKey());
                walk(e.getValue(), path, problems);
                path.remove(path.size() - 1);
            }
        } else if (node instanceof ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                path.add(Integer.toString(i));
                walk(l.items().get(i), path, problems);
                path.remove(path.size() - 1);
            }
        } else if (((ScalarNode) node).isMissing()) {
            String key = Interpolator.display(path);
            String dotted = String.join(".", path);
            problems.add(node.origin(), key, "required value is missing (??? in " + node.origin().describeSource()
                    + "); set " + key + " in your config or pass -o " + dotted + "=VALUE" + hint(path));
        }
    }

    private static String hint(List<String> path) {
        String last = path.get(path.size() - 1);
        if (last.equals("checkpoint_path") && !path.get(0).equals("execution")) {
            return " (or set it to null and set hf_model_handle to serve a Hugging Face model)";
        }
        if (last.equals("output_dir")) {
            return " (an absolute directory on a file system the compute nodes share)";
        }
        return "";
    }
}
