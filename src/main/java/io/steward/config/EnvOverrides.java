package io.steward.config;

import io.steward.config.ConfigSchema.FreeMap;
import io.steward.config.ConfigSchema.Node;
import io.steward.config.ConfigSchema.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies {@code STEWARD_<SECTION>_<KEY>} environment variables to a YAML tree before validation, so the values that
 * win at run time are the ones checked. Names follow SmallRye's rule: the property path upper-cased with every other
 * character replaced by {@code _} ({@code STEWARD_POSTGRESQL_DATA_DIR}). Lists take comma-separated values; free maps
 * (tags, parameters) take {@code STEWARD_TAGS_<KEY>} with the key lower-cased.
 */
public final class EnvOverrides {

    static final String PREFIX = "STEWARD_";

    private EnvOverrides() {
    }

    /** Returns a copy of {@code tree} with the overrides found in {@code env} applied. */
    public static Map<String, Object> apply(Map<?, ?> tree, Map<String, String> env) {
        Map<String, Object> copy = deepCopy(tree);
        ConfigSchema.leaves().forEach((path, node) -> applyLeaf(copy, path, node, env));
        return copy;
    }

    /** The environment variable that overrides a dotted path ({@code bootstrap.dcs.ttl -> STEWARD_BOOTSTRAP_DCS_TTL}). */
    public static String envName(String path) {
        return PREFIX + path.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static void applyLeaf(Map<String, Object> tree, String path, Node node, Map<String, String> env) {
        String name = envName(path);
        if (node instanceof FreeMap) {
            applyMapEntries(tree, path, name + "_", env);
            return;
        }
        String value = env.get(name);
        if (value != null) {
            put(tree, path.split("\\."), node instanceof Value ? value : splitList(value));
        }
    }

    private static void applyMapEntries(Map<String, Object> tree, String path, String prefix,
                                        Map<String, String> env) {
        env.forEach((name, value) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                String key = name.substring(prefix.length()).toLowerCase(Locale.ROOT);
                String[] segments = Arrays.copyOf(path.split("\\."), path.split("\\.").length + 1);
                segments[segments.length - 1] = key;
                put(tree, segments, value);
            }
        });
    }

    private static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String[] segments, Object value) {
        Map<String, Object> current = tree;
        for (int i = 0; i < segments.length - 1; i++) {
            Object child = current.get(segments[i]);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                current.put(segments[i], child);
            }
            current = (Map<String, Object>) child;
        }
        current.put(segments[segments.length - 1], value);
    }

    private static Map<String, Object> deepCopy(Map<?, ?> tree) {
        Map<String, Object> copy = new LinkedHashMap<>();
        tree.forEach((k, v) -> copy.put(String.valueOf(k), v instanceof Map<?, ?> m ? deepCopy(m) : v));
        return copy;
    }
}
