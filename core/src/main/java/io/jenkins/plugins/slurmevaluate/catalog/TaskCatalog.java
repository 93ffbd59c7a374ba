package io.jenkins.plugins.slurmevaluate.catalog;

import io.jenkins.plugins.slurmevaluate.config.suggest.DidYouMean;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The bundled task catalog: which harness runs each task, its container image and the endpoint types it supports.
 * Resolution follows the launcher (reference b.18) without its registry look-ups: we never contact a registry
 * (P-32), so a task with its own {@code container:} that the catalog does not list runs as an unlisted task.
 * Immutable and thread-safe.
 */
public final class TaskCatalog {

    private static final String RESOURCE = "/io/jenkins/plugins/slurmevaluate/catalog/task-catalog.yaml";

    /** Endpoint type of an unlisted task without {@code endpoint_type}, as in the launcher. */
    static final String DEFAULT_ENDPOINT_TYPE = "chat";

    private final Map<String, String> containers;
    /** task name → the entries with that name, one per harness. */
    private final Map<String, List<Entry>> byName;

    private record Entry(String harness, String task, List<String> endpointTypes) {}

    private TaskCatalog(Map<String, String> containers, Map<String, List<Entry>> byName) {
        this.containers = containers;
        this.byName = byName;
    }

    /** The catalog shipped in the jar. */
    public static TaskCatalog bundled() {
        try (InputStream in = TaskCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the task catalog " + RESOURCE + " is missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads catalog YAML: {@code harnesses: {h: {container: img}}, tasks: [{name, harness, endpoint_types}]}. */
    @SuppressWarnings("unchecked")
    public static TaskCatalog parse(String yaml) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Map<String, String> containers = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) root.get("harnesses"))
                .forEach((h, v) -> containers.put(h, String.valueOf(v.get("container"))));
        Map<String, List<Entry>> byName = new LinkedHashMap<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) root.get("tasks")) {
            String name = String.valueOf(t.get("name"));
            String harness = String.valueOf(t.get("harness"));
            if (!containers.containsKey(harness)) {
                throw new IllegalArgumentException("catalog task " + name + " names unknown harness " + harness);
            }
            List<String> types = (List<String>) t.getOrDefault("endpoint_types", List.of());
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(new Entry(harness, name, List.copyOf(types)));
        }
        return new TaskCatalog(Map.copyOf(containers), Map.copyOf(byName));
    }

    public int size() {
        return byName.values().stream().mapToInt(List::size).sum();
    }

    /** The image of a harness, if the catalog knows it. */
    public java.util.Optional<String> container(String harness) {
        return java.util.Optional.ofNullable(containers.get(harness));
    }

    /**
     * Resolves a task of the config.
     *
     * @param name         {@code task} or {@code harness.task}
     * @param container    the task's {@code container:}, or null
     * @param endpointType the task's {@code endpoint_type:}, or null
     * @throws TaskResolutionException if the name is malformed, ambiguous, or unknown without a container
     */
    public ResolvedTask resolve(String name, String container, String endpointType) throws TaskResolutionException {
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2 || name.isBlank() || java.util.Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw new TaskResolutionException("'" + name + "' is not a task name: write <task> or <harness>.<task>",
                    List.of());
        }
        String harness = parts.length == 2 ? parts[0] : null;
        String task = parts[parts.length - 1];
        List<Entry> entries = byName.getOrDefault(task, List.of());
        if (harness != null) {
            entries = entries.stream().filter(e -> e.harness.equals(harness)).toList();
        }
        if (entries.size() > 1) {
            List<String> choices = entries.stream().map(e -> e.harness + "." + e.task).toList();
            throw new TaskResolutionException("task '" + name + "' is in several harnesses; write one of: "
                    + String.join(", ", choices), choices);
        }
        if (entries.size() == 1) {
            Entry e = entries.get(0);
            String type = endpointType != null ? endpointType
                    : e.endpointTypes.isEmpty() ? DEFAULT_ENDPOINT_TYPE : e.endpointTypes.get(0);
            return new ResolvedTask(name, e.harness, task, container != null ? container : containers.get(e.harness),
                    type, e.endpointTypes, false);
        }
        if (harness != null && !containers.containsKey(harness) && container == null) {
            String hint = DidYouMean.hint(harness, containers.keySet());
            throw new TaskResolutionException("unknown harness '" + harness + "' in task '" + name + "'" + hint
                    + "; give the task a container: to run it anyway", DidYouMean.closest(harness, containers.keySet())
                    .map(List::of).orElse(List.of()));
        }
        String image = container != null ? container : harness == null ? null : containers.get(harness);
        if (image == null) {
            List<String> near = DidYouMean.closest(task, byName.keySet()).map(List::of).orElse(List.of());
            throw new TaskResolutionException("unknown task '" + name + "'" + DidYouMean.hint(task, byName.keySet())
                    + ". Use <harness>.<task> or give a container", near);
        }
        return new ResolvedTask(name, harness, task, image, endpointType != null ? endpointType : DEFAULT_ENDPOINT_TYPE,
                List.of(), true);
    }
}
