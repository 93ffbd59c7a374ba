package io.jenkins.plugins.slurmevaluate.config.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies that keep insertion order and allow null values, which {@code Map.copyOf} does not. */
final class Values {

    private Values() {}

    static <K, V> Map<K, V> copy(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
