package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.suggest.DidYouMean;
import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Composes a config the way Hydra does for the launcher: the bundled groups named in the user's {@code defaults:}
 * list are merged in list order, then the user's own keys ({@code _self_}, always last, as the launcher does).
 * Mappings merge key by key; anything else is replaced. Interpolations are kept as text and resolved later, on the
 * final tree, so a default like {@code ${deployment.port}} sees the user's value.
 *
 * <p>A group placed somewhere else with {@code group/option@package} (an auxiliary judge) gets its own
 * {@code ${group.x}} interpolations rebased onto the package, so {@code ${deployment.port}} inside
 * {@code deployment/vllm@auxiliary_deployments.judge} means the judge's port. Hydra does not do this, and the
 * reference launcher therefore starts the judge with the primary model's command (pitfall P-21).
 */
final class Composer {

    private static final int MAX_GROUP_DEPTH = 8;

    private final Problems problems;

    Composer(Problems problems) {
        this.problems = problems;
    }

    /**
     * @param user         the user's document, with its {@code defaults:} list
     * @param groupChoices {@code group=option} overrides from the command line, applied to the defaults list
     */
    MapNode compose(MapNode user, List<ConfigOverride> groupChoices) {
        List<DefaultsEntry> entries = defaultsOf(user);
        for (ConfigOverride choice : groupChoices) {
            entries = choose(entries, choice);
        }
        Node result = MapNode.empty(user.origin());
        for (DefaultsEntry entry : entries) {
            if (entry.self() || entry.option() == null) {
                continue;
            }
            for (MapNode layer : load(entry, entry.option(), entry.pkg(), 0)) {
                result = merge(result, layer);
            }
        }
        return (MapNode) merge(result, user.without("defaults"));
    }

    private List<DefaultsEntry> defaultsOf(MapNode user) {
        Node defaults = user.get("defaults");
        List<DefaultsEntry> entries = new ArrayList<>();
        if (defaults == null || (defaults instanceof ScalarNode s && s.isNull())) {
            return entries;
        }
        if (!(defaults instanceof ListNode list)) {
            problems.add(defaults.origin(), "defaults", "defaults must be a list, e.g. [execution: slurm/default, "
                    + "deployment: vllm, _self_]");
            return entries;
        }
        for (int i = 0; i < list.items().size(); i++) {
            DefaultsEntry.parse(list.items().get(i), "defaults[" + i + "]", problems).ifPresent(e -> {
                if (e.self()) {
                    return;
                }
                if (!BundledGroups.isGroup(e.group())) {
                    problems.add(e.origin(), "defaults", "unknown config group '" + e.group() + "'"
                            + DidYouMean.hint(e.group(), BundledGroups.OPTIONS.keySet()) + " (groups: "
                            + String.join(", ", BundledGroups.OPTIONS.keySet()) + ")");
                    return;
                }
                if (e.override()) {
                    replaceChoice(entries, e);
                } else {
                    entries.add(e);
                }
            });
        }
        return entries;
    }

    private void replaceChoice(List<DefaultsEntry> entries, DefaultsEntry override) {
        for (int i = 0; i < entries.size(); i++) {
            DefaultsEntry e = entries.get(i);
            if (e.group().equals(override.group()) && e.pkg().equals(override.pkg())) {
                entries.set(i, e.withOption(override.option(), override.origin()));
                return;
            }
        }
        problems.add(override.origin(), "defaults", "'override " + override.group()
                + "' has no earlier '" + override.group() + ": ...' entry to override; write the entry without 'override'");
    }

    private List<DefaultsEntry> choose(List<DefaultsEntry> entries, ConfigOverride choice) {
        List<DefaultsEntry> out = new ArrayList<>(entries);
        for (int i = 0; i < out.size(); i++) {
            DefaultsEntry e = out.get(i);
            if (e.group().equals(choice.key()) && !e.placedElsewhere()) {
                String option = choice.value() instanceof ScalarNode s && !s.isNull() ? s.text() : null;
                out.set(i, e.withOption(option, choice.origin()));
                return out;
            }
        }
        problems.add(choice.origin(), choice.key(), "the config's defaults list has no '" + choice.key()
                + ": ...' entry to replace; add '- " + choice.key() + ": <option>' to defaults");
        return out;
    }

    /** The layers of one group option, placed at {@code pkg}, its own defaults first. */
    private List<MapNode> load(DefaultsEntry entry, String option, String pkg, int depth) {
        String group = entry.group();
        List<MapNode> layers = new ArrayList<>();
        if (depth > MAX_GROUP_DEPTH) {
            problems.add(entry.origin(), "defaults", "config groups include each other too deeply");
            return layers;
        }
        MapNode doc = BundledGroups.read(group, option, problems).orElse(null);
        if (doc == null) {
            List<String> options = BundledGroups.OPTIONS.get(group);
            problems.add(entry.origin(), "defaults", "unknown " + group + " option '" + option + "'"
                    + DidYouMean.hint(option, options) + " (options: " + String.join(", ", options) + ")");
            return layers;
        }
        MapNode content = doc.without("defaults");
        boolean selfDone = false;
        if (doc.get("defaults") instanceof ListNode inner) {
            for (Node item : inner.items()) {
                String name = item instanceof ScalarNode s ? s.text().trim() : "";
                if (name.equals("_self_")) {
                    layers.add(place(content, group, pkg));
                    selfDone = true;
                } else {
                    layers.addAll(load(entry, name, pkg, depth + 1));
                }
            }
        }
        if (!selfDone) {
            layers.add(place(content, group, pkg));
        }
        return layers;
    }

    private static MapNode place(MapNode content, String group, String pkg) {
        Node placed = pkg.equals(group) ? content : rebase(content, group, pkg);
        String[] parts = pkg.split("\\.");
        for (int i = parts.length - 1; i >= 0; i--) {
            placed = MapNode.empty(content.origin()).with(parts[i], placed, content.origin());
        }
        return (MapNode) placed;
    }

    /** Rewrites {@code ${group.x}} and {@code ${select_not_null:group.x,...}} to point inside {@code pkg}. */
    static Node rebase(Node node, String group, String pkg) {
        if (node instanceof MapNode m) {
            MapNode out = m;
            for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                out = out.with(e.getKey(), rebase(e.getValue(), group, pkg), m.keyOrigin(e.getKey()));
            }
            return out;
        }
        if (node instanceof ListNode l) {
            List<Node> items = new ArrayList<>();
            l.items().forEach(i -> items.add(rebase(i, group, pkg)));
            return new ListNode(items, l.origin());
        }
        ScalarNode s = (ScalarNode) node;
        if (s.type() != ScalarNode.Type.STRING || !s.text().contains("${")) {
            return s;
        }
        Pattern p = Pattern.compile("(\\$\\{(?:select_not_null:)?)" + Pattern.quote(group + "."));
        String text = p.matcher(s.text()).replaceAll("$1" + Matcher.quoteReplacement(pkg + "."));
        return new ScalarNode(text, s.type(), s.origin());
    }

    /** OmegaConf merge: mappings key by key (existing keys keep their place), anything else replaced. */
    static Node merge(Node base, Node over) {
        if (base instanceof MapNode b && over instanceof MapNode o) {
            MapNode out = b.withOrigin(o.origin());
            for (Map.Entry<String, Node> e : o.entries().entrySet()) {
                Node old = b.get(e.getKey());
                Node merged = old == null ? e.getValue() : merge(old, e.getValue());
                out = out.with(e.getKey(), merged, o.keyOrigin(e.getKey()));
            }
            return out;
        }
        return over;
    }
}
