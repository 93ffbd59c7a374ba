package io.jenkins.plugins.slurmevaluate.config.tree;

import java.util.ArrayList;
import java.util.List;

/** A YAML sequence. */
public record ListNode(List<Node> items, Origin origin) implements Node {

    public ListNode {
        items = List.copyOf(items);
    }

    public ListNode with(int index, Node value) {
        List<Node> copy = new ArrayList<>(items);
        copy.set(index, value);
        return new ListNode(copy, origin);
    }

    public ListNode without(int index) {
        List<Node> copy = new ArrayList<>(items);
        copy.remove(index);
        return new ListNode(copy, origin);
    }

    @Override
    public ListNode withOrigin(Origin newOrigin) {
        return new ListNode(items, newOrigin);
    }

    @Override
    public Object toJava() {
        List<Object> out = new ArrayList<>(items.size());
        for (Node item : items) {
            out.add(item.toJava());
        }
        return java.util.Collections.unmodifiableList(out);
    }
}
