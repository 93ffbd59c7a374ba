package io.jenkins.plugins.slurmevaluate.config.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/** Deep merge and lookup over free-form config maps. */
final class Maps {

    private Maps() {}

    /** {@code over} merged into {@code base}: mappings key by key, anything else replaced (OmegaConf merge). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> {
            Object old = out.get(k);
            if (old instanceof Map<?, ?> a && v instanceof Map<?, ?> b) {
                out.put(k, deepMerge((Map<String, Object>) a, (Map<String, Object>) b));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The string at a key path, or null. */
    static String string(Map<String, Object> map, String... path) {
        Object current = map;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current instanceof String s ? s : null;
    }
}
