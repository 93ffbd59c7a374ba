package io.jenkins.plugins.slurmevaluate.results.read;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns results.yml text into a SnakeYAML node tree without constructing any object from it: the tree is walked by
 * {@link ResultsParser}, and only scalars with the standard YAML tags are converted (to numbers, booleans, strings).
 *
 * <p>nemo-evaluator writes the file with PyYAML's {@code yaml.dump}, which may tag values outside {@code results}
 * (say, an enum in {@code target}) with {@code !!python/...}. Such tags are allowed when composing, because nothing is
 * ever built from them; a tagged value where a number is needed is reported as malformed. Size, nesting and alias
 * limits keep a hostile file from exhausting memory.
 */
final class YamlTree {

    /** Real results.yml files are a few kB to a few hundred kB; this leaves room for huge configs. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.STR);

    /** Marks a scalar whose tag is not a standard one; its text is not interpreted. */
    record Tagged(String tag, String text) {}

    private final ScalarReader scalars = new ScalarReader();

    Node compose(byte[] bytes, String file) throws ResultsFormatException {
        if (bytes.length > MAX_BYTES) {
            throw new ResultsFormatException(file, "", 0, "the file has " + bytes.length + " bytes, more than the "
                    + MAX_BYTES + " a results.yml may have; is this the right file?");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ResultsFormatException(file, "the file is not UTF-8 text", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try {
            return new Yaml(options()).compose(new StringReader(text));
        } catch (YAMLException e) {
            throw new ResultsFormatException(file, "not valid YAML: " + e.getMessage(), e);
        }
    }

    /**
     * The value of a scalar: {@code null}, a {@link Boolean}, a {@link Double}, a {@link Long}, a {@link BigInteger}, a
     * {@link String}, or a {@link Tagged} for a non-standard tag.
     */
    Object scalar(ScalarNode node) {
        if (!SCALAR_TAGS.contains(node.getTag())) {
            return new Tagged(node.getTag().getValue(), node.getValue());
        }
        Object value = scalars.construct(node);
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(50);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setTagInspector(tag -> true); // safe: tagged nodes are never constructed, see the class comment
        return options;
    }

    /** Reuses SnakeYAML's YAML 1.1 scalar rules (.nan, 1.0e-05, 1_000, 0x1A) for standard tags only. */
    private static final class ScalarReader extends SafeConstructor {
        ScalarReader() {
            super(new LoaderOptions());
        }

        Object construct(ScalarNode node) {
            return constructObject(node);
        }
    }
}
