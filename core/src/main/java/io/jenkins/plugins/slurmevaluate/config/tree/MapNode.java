package io.jenkins.plugins.slurmevaluate.config.tree;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A YAML mapping with string keys, in the order they were written. Each key keeps its own origin, so an unknown
 * key can be reported where the key is, not where its value is.
 */
public record MapNode(Map<String, Node> entries, Map<String, Origin> keyOrigins, Origin origin) implements Node {

    public MapNode {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        keyOrigins = Collections.unmodifiableMap(new LinkedHashMap<>(keyOrigins));
    }

    public static MapNode empty(Origin origin) {
        return new MapNode(Map.of(), Map.of(), origin);
    }

    public Node get(String key) {
        return entries.get(key);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Where the key is written; the map's own origin if the key came without one. */
    public Origin keyOrigin(String key) {
        Origin o = keyOrigins.get(key);
        if (o != null) {
            return o;
        }
        Node value = entries.get(key);
        return value != null ? value.origin() : origin;
    }

    /** A copy with {@code key} set; an existing key keeps its place, a new key goes last. */
    public MapNode with(String key, Node value, Origin keyOrigin) {
        Map<String, Node> e = new LinkedHashMap<>(entries);
        Map<String, Origin> k = new LinkedHashMap<>(keyOrigins);
        e.put(key, value);
        k.put(key, keyOrigin);
        return new MapNode(e, k, origin);
    }

    public MapNode with(String key, Node value) {
        return with(key, value, keyOrigins.containsKey(key) ? keyOrigins.get(key) : value.origin());
    }

    public MapNode without(String key) {
        Map<String, Node> e = new LinkedHashMap<>(entries);
        Map<String, Origin> k = new LinkedHashMap<>(keyOrigins);
        e.remove(key);
        k.remove(key);
        return new MapNode(e, k, origin);
    }

    @Override
    public MapNode withOrigin(Origin newOrigin) {
        return new MapNode(entries, keyOrigins, newOrigin);
    }

    @Override
    public Object toJava() {
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k, v.toJava()));
        return Collections.unmodifiableMap(out);
    }
}
