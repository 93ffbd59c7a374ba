package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;

/** Writes a tree as block-style YAML; strings that would read back as another type are quoted. */
final class YamlWriter {

    private YamlWriter() {}

    static String write(Node node) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        options.setSplitLines(false);
        Yaml yaml = new Yaml(new Representer(options), options);
        return yaml.dump(node.toJava());
    }
}
