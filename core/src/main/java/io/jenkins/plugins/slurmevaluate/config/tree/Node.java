package io.jenkins.plugins.slurmevaluate.config.tree;

/**
 * One node of a config tree: a mapping, a sequence or a scalar. Trees are immutable; changes return new trees.
 * Unlike SnakeYAML's own nodes they can only hold the plain YAML types (no tags, no arbitrary objects), and each
 * keeps the {@link Origin} of the text it was read from.
 */
public sealed interface Node permits MapNode, ListNode, ScalarNode {

    Origin origin();

    /** The same value, claimed by another origin (used when an interpolation copies a value). */
    Node withOrigin(Origin origin);

    /** Plain Java value: {@code Map}, {@code List}, {@code String}, {@code Long}, {@code Double}, {@code Boolean} or null. */
    Object toJava();
}
