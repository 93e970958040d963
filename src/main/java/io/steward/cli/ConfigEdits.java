package io.steward.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the JSON merge patch of {@code edit-config} from its non-interactive options: {@code --apply FILE} (a JSON
 * or YAML document, "-" for stdin), then {@code -s dotted.key=value} and {@code -p pg_param=value} on top. Values are
 * parsed as JSON when they are JSON (numbers, booleans, objects), else taken as strings; {@code null} deletes.
 */
final class ConfigEdits {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigEdits() {
    }

    static Map<String, Object> patch(String applyFile, List<String> sets, List<String> pgParams, InputStream stdin) {
        Map<String, Object> patch = applyFile == null ? new LinkedHashMap<>() : readDocument(applyFile, stdin);
        for (String s : sets) {
            put(patch, splitKey(s, "-s"), parseValue(valueOf(s)));
        }
        for (String p : pgParams) {
            String name = splitKey(p, "-p").get(0);
            put(patch, List.of("postgresql", "parameters", name), parseValue(valueOf(p)));
        }
        return patch;
    }

    /** Parses a value as JSON if it is JSON, else keeps the text; "null" becomes null (delete). */
    static Object parseValue(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    static String toJson(Map<String, Object> patch) {
        try {
            return JSON.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the patch: " + e.getMessage(), e);
        }
    }

    /** Renders a JSON configuration document as block YAML for show-config. */
    static String jsonToYaml(String json) {
        try {
            Object doc = JSON.readValue(json, Object.class);
            if (doc instanceof Map<?, ?> m && m.isEmpty()) {
                return "{}\n";
            }
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            return new Yaml(options).dump(doc);
        } catch (JsonProcessingException e) {
            throw new RefusedException("The server sent a malformed configuration: " + e.getOriginalMessage());
        }
    }

    private static Map<String, Object> readDocument(String file, InputStream stdin) {
        String text;
        try {
            text = file.equals("-") ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("Cannot read " + file + ": " + e.getMessage());
        }
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (!(doc instanceof Map<?, ?> map)) {
                throw new UsageException(file + " must hold a JSON or YAML object");
            }
            return copy(map);
        } catch (YAMLException e) {
            throw new UsageException("Cannot parse " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static List<String> splitKey(String assignment, String option) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new UsageException(option + " needs key=value, got " + assignment);
        }
        List<String> parts = List.of(assignment.substring(0, eq).split("\\."));
        if (parts.stream().anyMatch(String::isBlank)) {
            throw new UsageException(option + " has an empty key segment in " + assignment);
        }
        return parts;
    }

    private static String valueOf(String assignment) {
        return assignment.substring(assignment.indexOf('=') + 1);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> patch, List<String> path, Object value) {
        Map<String, Object> node = patch;
        for (String key : path.subList(0, path.size() - 1)) {
            Object child = node.get(key);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(key, child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(path.get(path.size() - 1), value);
    }

    private static Map<String, Object> copy(Map<?, ?> source) {
        Map<String, Object> out = new LinkedHashMap<>();
        source.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> m ? copy(m) : v));
        return out;
    }
}
