package io.jenkins.plugins.slurmevaluate.results.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Checks and copies shared by the model records; keeps file order so reports are stable. */
final class Names {

    private Names() {}

    static void check(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " name must not be empty");
        }
    }

    /** An unmodifiable copy in iteration order, whose keys must be the names of their values. */
    static <V> Map<String, V> copyKeyed(Map<String, V> map, Function<V, String> nameOf, String what) {
        Objects.requireNonNull(map, what + "s");
        Map<String, V> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            Objects.requireNonNull(value, what + " " + key);
            if (!key.equals(nameOf.apply(value))) {
                throw new IllegalArgumentException(what + " key '" + key + "' differs from its name '" + nameOf.apply(value) + "'");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    static <V> Map<String, V> index(Collection<V> values, Function<V, String> nameOf) {
        Map<String, V> map = new LinkedHashMap<>();
        for (V value : values) {
            if (map.putIfAbsent(nameOf.apply(value), value) != null) {
                throw new IllegalArgumentException("duplicate name '" + nameOf.apply(value) + "'");
            }
        }
        return map;
    }
}
