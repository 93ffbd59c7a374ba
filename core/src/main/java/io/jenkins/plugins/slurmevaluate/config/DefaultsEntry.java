package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a Hydra {@code defaults:} list: {@code _self_}, {@code group: option},
 * {@code group@package: option}, {@code override group: option} or {@code group/option@package}.
 *
 * @param group    config group, such as {@code deployment}; null for {@code _self_}
 * @param option   chosen option, such as {@code vllm}; null to leave the group out
 * @param pkg      where the group's content goes, as a dotted path; the group name by default
 */
record DefaultsEntry(String group, String option, String pkg, boolean self, boolean override, Origin origin) {

    static DefaultsEntry self(Origin origin) {
        return new DefaultsEntry(null, null, null, true, false, origin);
    }

    DefaultsEntry withOption(String newOption, Origin newOrigin) {
        return new DefaultsEntry(group, newOption, pkg, false, false, newOrigin);
    }

    boolean placedElsewhere() {
        return !pkg.equals(group);
    }

    /** Parses an entry of the user's defaults list; problems are recorded and yield empty. */
    static Optional<DefaultsEntry> parse(Node node, String keyPath, Problems problems) {
        if (node instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
            String text = s.text().trim();
            if (text.equals("_self_")) {
                return Optional.of(self(s.origin()));
            }
            int slash = text.indexOf('/');
            if (slash > 0) {
                String pkg = null;
                int at = text.indexOf('@');
                String path = text;
                if (at > 0) {
                    pkg = text.substring(at + 1);
                    path = text.substring(0, at);
                }
                String group = path.substring(0, slash);
                return Optional.of(new DefaultsEntry(group, path.substring(slash + 1), pkg == null ? group : pkg,
                        false, false, s.origin()));
            }
        }
        if (node instanceof MapNode m && m.entries().size() == 1) {
            Map.Entry<String, Node> e = m.entries().entrySet().iterator().next();
            String key = e.getKey().trim();
            boolean override = key.startsWith("override ");
            if (override) {
                key = key.substring("override ".length()).trim();
            }
            String group = key;
            String pkg = key;
            int at = key.indexOf('@');
            if (at > 0) {
                group = key.substring(0, at);
                pkg = key.substring(at + 1);
            }
            if (e.getValue() instanceof ScalarNode v && (v.type() == ScalarNode.Type.STRING || v.isNull())) {
                return Optional.of(new DefaultsEntry(group, v.isNull() ? null : v.text().trim(), pkg, false, override,
                        m.keyOrigin(e.getKey())));
            }
        }
        problems.add(node.origin(), keyPath, "a defaults entry must be 'group: option' (e.g. deployment: vllm), "
                + "'group/option@package' (e.g. deployment/vllm@auxiliary_deployments.judge) or _self_");
        return Optional.empty();
    }
}
