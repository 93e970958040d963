package io.steward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigEditsTest {

    private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

    @Test
    void dottedKeysBuildNestedObjectsAndValuesAreJson() {
        Map<String, Object> patch = ConfigEdits.patch(null,
                List.of("ttl=40", "postgresql.use_pg_rewind=true", "tags.name=\"x\"", "pause=null", "label=plain"),
                List.of("work_mem=8MB", "max_connections=200"), NO_STDIN);
        Map<String, Object> expected = new HashMap<>();
        expected.put("ttl", 40);
        expected.put("postgresql", Map.of("use_pg_rewind", true,
                "parameters", Map.of("work_mem", "8MB", "max_connections", 200)));
        expected.put("tags", Map.of("name", "x"));
        expected.put("pause", null);
        expected.put("label", "plain");
        assertEquals(expected, patch);
        assertTrue(ConfigEdits.toJson(patch).contains("\"pause\":null"), "null survives to the server (delete)");
    }

    @Test
    void applyFileIsJsonOrYamlAndOptionsGoOnTop(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("patch.yml");
        Files.writeString(yaml, "loop_wait: 5\npostgresql:\n  parameters:\n    work_mem: 4MB\n");
        Map<String, Object> patch = ConfigEdits.patch(yaml.toString(), List.of("loop_wait=6"), List.of(), NO_STDIN);
        assertEquals(6, patch.get("loop_wait"));
        assertEquals(Map.of("parameters", Map.of("work_mem", "4MB")), patch.get("postgresql"));
        InputStream json = new ByteArrayInputStream("{\"ttl\": 50}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("ttl", 50), ConfigEdits.patch("-", List.of(), List.of(), json));
    }

    @Test
    void badEditsAreUsageErrors(@TempDir Path dir) throws Exception {
        assertThrows(UsageException.class, () -> ConfigEdits.patch(null, List.of("ttl"), List.of(), NO_STDIN));
        assertThrows(UsageException.class, () -> ConfigEdits.patch(null, List.of("a..b=1"), List.of(), NO_STDIN));
        Path list = dir.resolve("list.yml");
        Files.writeString(list, "- 1\n- 2\n");
        assertThrows(UsageException.class, () -> ConfigEdits.patch(list.toString(), List.of(), List.of(), NO_STDIN));
        assertThrows(UsageException.class,
                () -> ConfigEdits.patch(dir.resolve("missing.yml").toString(), List.of(), List.of(), NO_STDIN));
    }

    @Test
    void showConfigRendersBlockYaml() {
        assertEquals("loop_wait: 10\npostgresql:\n  parameters:\n    work_mem: 8MB\n",
                ConfigEdits.jsonToYaml("{\"loop_wait\":10,\"postgresql\":{\"parameters\":{\"work_mem\":\"8MB\"}}}"));
        assertEquals("{}\n", ConfigEdits.jsonToYaml("{}"));
    }
}
