package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The config groups that ship inside the jar, as the launcher's package ships them: {@code execution/slurm/default}
 * and {@code deployment/<type>}. Listed here rather than discovered, because a shaded jar cannot list a folder.
 */
final class BundledGroups {

    static final Map<String, List<String>> OPTIONS;

    static {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("execution", List.of("slurm/default"));
        m.put("deployment", List.of("vllm", "sglang", "nim", "trtllm", "generic", "vllm_ray", "none"));
        OPTIONS = java.util.Collections.unmodifiableMap(m);
    }

    private static final String ROOT = "/io/jenkins/plugins/slurmevaluate/config/groups/";

    private BundledGroups() {}

    static boolean isGroup(String group) {
        return OPTIONS.containsKey(group);
    }

    static boolean hasOption(String group, String option) {
        return OPTIONS.getOrDefault(group, List.of()).contains(option);
    }

    /** Reads {@code group/option.yaml}; empty if there is no such option. */
    static Optional<MapNode> read(String group, String option, Problems problems) {
        if (!hasOption(group, option)) {
            return Optional.empty();
        }
        String path = group + "/" + option + ".yaml";
        try (InputStream in = BundledGroups.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("bundled config group " + path + " is missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Optional.of(YamlReader.readDocument(text, (l, c) -> Origin.bundled(path, l, c), problems));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
