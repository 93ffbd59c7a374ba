package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads a launcher-style config: reads the YAML safely, composes its {@code defaults:} list from the bundled
 * groups, applies {@code -o} overrides (Hydra grammar and task-name sugar), reports every {@code ???} left,
 * resolves interpolations, and builds the typed model, collecting every problem on the way.
 *
 * <p>Stateless apart from the environment used by {@code ${oc.env:...}}; safe to share between threads.
 */
public final class ConfigLoader {

    private final Function<String, Optional<String>> environment;

    /** @param environment the variables {@code ${oc.env:NAME}} reads (usually {@code System.getenv()}) */
    public ConfigLoader(Map<String, String> environment) {
        Map<String, String> copy = Map.copyOf(environment);
        this.environment = name -> Optional.ofNullable(copy.get(name));
    }

    /** Loads a file; the model is valid or this throws. @throws ConfigException with every problem found */
    public EvalConfig load(Path file, List<String> overrides) throws ConfigException {
        return inspect(file, overrides).validModel();
    }

    /** Loads a file and returns what it could, with the problems; never throws for a bad config. */
    public LoadedConfig inspect(Path file, List<String> overrides) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            Problems p = new Problems();
            p.add(Origin.file(name, 0, 0), "", "cannot read the config file: " + e);
            return new LoadedConfig(name, "", MapNode.empty(Origin.file(name, 0, 0)), null, p.list(), List.of());
        }
        return inspect(name, text, overrides);
    }

    /** Loads config text (from a Jenkins step, say) shown to the user as {@code displayName}. */
    public LoadedConfig inspect(String displayName, String text, List<String> overrides) {
        Problems problems = new Problems();
        MapNode user = YamlReader.readDocument(text, (l, c) -> Origin.file(displayName, l, c), problems);
        if (!problems.isEmpty()) {
            return new LoadedConfig(displayName, text, user, null, problems.list(), problems.warnings());
        }
        OverrideParser parser = new OverrideParser(problems);
        List<ConfigOverride> parsed = new ArrayList<>();
        for (int i = 0; i < overrides.size(); i++) {
            parser.parse(i, overrides.get(i)).ifPresent(parsed::add);
        }
        List<ConfigOverride> groupChoices = parsed.stream().filter(o -> o.kind() == ConfigOverride.Kind.GROUP).toList();
        MapNode composed = new Composer(problems).compose(user, groupChoices);
        MapNode overridden = new OverrideApplier(problems).apply(composed, parsed);
        MissingMarkers.report(overridden, problems);
        Interpolator interpolator = new Interpolator(overridden, environment, problems);
        MapNode resolved = interpolator.resolveAll();
        EvalConfig model = new ModelBuilder(problems).build(resolved, overridden, interpolator.referenced());
        return new LoadedConfig(displayName, text, resolved, model, problems.list(), problems.warnings());
    }
}
