package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import java.util.List;
import java.util.Optional;

/**
 * A composed config: the resolved tree (what a dry run prints and what free-form sections are built from), the
 * typed model, and the problems found. Immutable.
 */
public final class LoadedConfig {

    private final String sourceName;
    private final String sourceText;
    private final MapNode tree;
    private final EvalConfig model;
    private final List<ConfigProblem> problems;
    private final List<String> warnings;

    LoadedConfig(String sourceName, String sourceText, MapNode tree, EvalConfig model, List<ConfigProblem> problems,
            List<String> warnings) {
        this.sourceName = sourceName;
        this.sourceText = sourceText;
        this.tree = tree;
        this.model = model;
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    /** The config file as named by the caller. */
    public String sourceName() {
        return sourceName;
    }

    /** The user's file as written (the launcher copies it to launcher_unresolved_config.yaml). */
    public String sourceText() {
        return sourceText;
    }

    /** The composed tree after overrides and interpolation ({@code env_vars} values stay as written). */
    public MapNode tree() {
        return tree;
    }

    /** The resolved config as YAML, as a dry run prints it. */
    public String toYaml() {
        return YamlWriter.write(tree);
    }

    /** Problems found, sorted; empty when the config is valid. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Things that are allowed but probably not meant (e.g. a username taken from $USER); for the user to read. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The typed model. When there are problems it may be partial (bad values are null), which is only useful to
     * find more problems; check {@link #problems()} first or use {@link #validModel()}.
     */
    public Optional<EvalConfig> model() {
        return Optional.ofNullable(model);
    }

    /** The model of a valid config. @throws ConfigException with every problem if there are any */
    public EvalConfig validModel() throws ConfigException {
        if (!problems.isEmpty() || model == null) {
            throw new ConfigException(problems.isEmpty()
                    ? List.of(new ConfigProblem(tree.origin(), "", "the config could not be read")) : problems);
        }
        return model;
    }
}
