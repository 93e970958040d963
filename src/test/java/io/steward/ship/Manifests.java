package io.steward.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Kubernetes manifests under {@code k8s/}, parsed with SnakeYAML, with typed navigation helpers for tests. */
final class Manifests {

    static final Path DIR = Path.of("k8s");

    private final Map<Path, List<Map<String, Object>>> byFile;

    private Manifests(Map<Path, List<Map<String, Object>>> byFile) {
        this.byFile = byFile;
    }

    static Manifests load() {
        assertTrue(Files.isDirectory(DIR), "run from the project directory: " + DIR.toAbsolutePath() + " is missing");
        Map<Path, List<Map<String, Object>>> files = new java.util.TreeMap<>();
        try (Stream<Path> paths = Files.list(DIR)) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                files.put(path, parse(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + DIR, e);
        }
        return new Manifests(files);
    }

    static List<Map<String, Object>> parse(Path path) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> docs = new ArrayList<>();
        try {
            for (Object doc : yaml.loadAll(Files.readString(path))) {
                if (doc != null) {
                    docs.add(asMap(doc, path.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
        return docs;
    }

    Map<Path, List<Map<String, Object>>> files() {
        return byFile;
    }

    List<Map<String, Object>> all() {
        return byFile.values().stream().flatMap(List::stream).toList();
    }

    List<Map<String, Object>> ofKind(String kind) {
        return all().stream().filter(doc -> kind.equals(doc.get("kind"))).toList();
    }

    Map<String, Object> single(String kind) {
        List<Map<String, Object>> found = ofKind(kind);
        assertEquals(1, found.size(), "expected exactly one " + kind);
        return found.get(0);
    }

    Map<String, Object> named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(doc -> name.equals(str(doc, "metadata", "name")))
                .findFirst()
                .orElseGet(() -> fail("no " + kind + " named " + name));
    }

    static String name(Map<String, Object> doc) {
        return str(doc, "metadata", "name");
    }

    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static Map<String, Object> map(Object node, String... path) {
        Object value = at(node, path);
        assertNotNull(value, "missing " + String.join(".", path));
        return asMap(value, String.join(".", path));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String... path) {
        Object value = at(node, path);
        assertTrue(value instanceof List, String.join(".", path) + " should be a list but is " + value);
        return (List<Object>) value;
    }

    static String str(Object node, String... path) {
        Object value = at(node, path);
        assertNotNull(value, "missing " + String.join(".", path));
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String what) {
        assertTrue(value instanceof Map, what + " should be a mapping but is " + value);
        return (Map<String, Object>) value;
    }

    /** The port of a {@code host:port} address. */
    static int port(String address) {
        int colon = address.lastIndexOf(':');
        assertTrue(colon > 0, "not host:port: " + address);
        return Integer.parseInt(address.substring(colon + 1));
    }

    /** The host of a {@code host:port} address. */
    static String host(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }
}
