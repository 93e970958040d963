package io.steward.config;

import io.steward.config.ConfigSchema.FreeMap;
import io.steward.config.ConfigSchema.Kind;
import io.steward.config.ConfigSchema.ListOf;
import io.steward.config.ConfigSchema.Node;
import io.steward.config.ConfigSchema.Section;
import io.steward.config.ConfigSchema.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Walks a parsed YAML tree along {@link ConfigSchema}: checks each value, writes it out as a canonical string under
 * its property path ({@code raft.partner_addrs[0]}, {@code postgresql.parameters."auto_explain.log_min_duration"}),
 * and collects unknown-key warnings. Throws {@link InvalidConfigException} at the first bad value.
 */
final class SchemaWalker {

    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARNING", "WARN", "ERROR",
            "CRITICAL", "FATAL");
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "off");

    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    /** The walk's output: canonical properties (no {@code steward.} prefix) and warnings. */
    record Result(Map<String, String> properties, List<String> warnings) {
    }

    static Result walk(Map<?, ?> tree) {
        SchemaWalker walker = new SchemaWalker();
        walker.section("", ConfigSchema.ROOT, tree);
        return new Result(Map.copyOf(walker.properties), List.copyOf(walker.warnings));
    }

    private void section(String path, Section section, Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Node node = section.fields().get(key);
            if (node == null) {
                warnings.add(KeySuggester.unknownKeyWarning(path, key, section.fields().keySet()));
            } else if (e.getValue() != null) {
                node(ConfigSchema.join(path, key), node, e.getValue());
            }
        }
        section.fields().forEach((key, node) -> {
            if (isRequired(node) && map.get(key) == null) {
                throw new InvalidConfigException(ConfigSchema.join(path, key),
                        ConfigSchema.join(path, key) + " is required");
            }
        });
    }

    private static boolean isRequired(Node node) {
        return node instanceof Value v && v.required() || node instanceof Section s && s.required();
    }

    private void node(String path, Node node, Object value) {
        if (node instanceof Section s) {
            section(path, s, asMap(path, value));
        } else if (node instanceof Value v) {
            properties.put(path, scalar(path, v.kind(), v.min(), value, v.required()));
        } else if (node instanceof ListOf l) {
            list(path, l.kind(), value);
        } else if (node instanceof FreeMap f) {
            freeMap(path, f, value);
        } else {
            initdb(path, value);
        }
    }

    private static Map<?, ?> asMap(String path, Object value) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new InvalidConfigException(path, path + " must be a mapping (got " + describe(path, value) + ")");
    }

    private void list(String path, Kind kind, Object value) {
        if (!(value instanceof List<?> items)) {
            throw new InvalidConfigException(path, path + " must be a list (got " + describe(path, value) + ")");
        }
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            properties.put(itemPath, scalar(itemPath, kind, Long.MIN_VALUE, items.get(i), true));
        }
    }

    private void freeMap(String path, FreeMap map, Object value) {
        for (Map.Entry<?, ?> e : asMap(path, value).entrySet()) {
            String key = String.valueOf(e.getKey());
            if (e.getValue() == null) {
                continue;
            }
            Kind kind = map.typedKeys().getOrDefault(key, Kind.STRING);
            String display = path + "." + key;
            properties.put(path + "." + quoteKey(key), scalar(display, kind, Long.MIN_VALUE, e.getValue(), false));
        }
    }

    private void initdb(String path, Object value) {
        if (!(value instanceof List<?> items)) {
            throw new InvalidConfigException(path, path + " must be a list (got " + describe(path, value) + ")");
        }
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            properties.put(itemPath, initdbOption(itemPath, items.get(i)));
        }
    }

    private static String initdbOption(String path, Object item) {
        if (item instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        if (item instanceof Map<?, ?> m && m.size() == 1) {
            Map.Entry<?, ?> only = m.entrySet().iterator().next();
            if (only.getValue() != null && isScalar(only.getValue())) {
                return only.getKey() + "=" + only.getValue();
            }
        }
        throw new InvalidConfigException(path,
                path + " must be an option name or a single-key mapping such as '- encoding: UTF8' (got "
                        + describe(path, item) + ")");
    }

    /** Checks one scalar and returns its canonical text. */
    static String scalar(String path, Kind kind, long min, Object value, boolean nonEmpty) {
        if (!isScalar(value)) {
            throw new InvalidConfigException(path, path + " must be a single value (got " + describe(path, value)
                    + ")");
        }
        String text = String.valueOf(value).trim();
        String shown = path + "=" + (kind == Kind.SECRET ? "***" : text);
        if (text.isEmpty() && nonEmpty) {
            throw new InvalidConfigException(path, path + " must not be empty");
        }
        return switch (kind) {
            case STRING, SECRET -> String.valueOf(value);
            case INT -> String.valueOf(integer(shown, path, text, min, Integer.MAX_VALUE));
            case LONG -> String.valueOf(integer(shown, path, text, min, Long.MAX_VALUE));
            case BOOL -> bool(shown, path, text);
            case HOST_PORT -> hostPort(shown, path, text);
            case NAMESPACE -> namespace(text);
            case LOG_LEVEL -> logLevel(shown, path, text);
        };
    }

    private static long integer(String shown, String path, String text, long min, long max) {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(path, shown + " must be an integer");
        }
        if (n > max) {
            throw new InvalidConfigException(path, shown + " must be <= " + max);
        }
        if (n < min) {
            throw new InvalidConfigException(path, shown + " must be >= " + min);
        }
        return n;
    }

    private static String bool(String shown, String path, String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(t)) {
            return "true";
        }
        if (FALSE_WORDS.contains(t)) {
            return "false";
        }
        throw new InvalidConfigException(path, shown + " must be true or false");
    }

    private static String hostPort(String shown, String path, String text) {
        String problem = HostPort.problem(text);
        if (problem != null) {
            throw new InvalidConfigException(path, shown + " must be host:port such as 127.0.0.1:5432 ("
                    + problem + ")");
        }
        return HostPort.parse(text).toString();
    }

    private static String namespace(String text) {
        String ns = text.startsWith("/") ? text : "/" + text;
        return ns.endsWith("/") ? ns : ns + "/";
    }

    private static String logLevel(String shown, String path, String text) {
        String level = text.toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new InvalidConfigException(path, shown + " must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL");
        }
        return level;
    }

    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    /** What was found instead, never echoing a value from a credentials section. */
    private static String describe(String path, Object value) {
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (path.contains("authentication") || path.endsWith("token")) {
            return "a single value";
        }
        return "'" + value + "'";
    }

    /** Quotes a map key that SmallRye would otherwise split at its dots. */
    static String quoteKey(String key) {
        return key.indexOf('.') >= 0 || key.indexOf('[') >= 0 ? "\"" + key + "\"" : key;
    }
}
