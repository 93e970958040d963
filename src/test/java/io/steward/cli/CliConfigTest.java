package io.steward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CliConfigTest {

    @Test
    void readsListenConnectAddressScopeAndBasicAuth(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("steward.yml");
        Files.writeString(f, """
                scope: demo
                name: node1
                restapi:
                  listen: 0.0.0.0:8008
                  connect_address: 10.0.0.1:8008
                  authentication:
                    username: admin
                    password: pw
                postgresql:
                  data_dir: /var/lib/pg
                """);
        CliConfig c = CliConfig.load(f);
        assertEquals("demo", c.scope());
        assertEquals(List.of("127.0.0.1:8008", "10.0.0.1:8008"), c.endpoints());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes()), c.authorization());
    }

    @Test
    void tokenWinsAndMissingSectionsAreFine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.yml");
        Files.writeString(f, "restapi:\n  listen: 127.0.0.1:9000\n  token: tok\n");
        assertEquals("Bearer tok", CliConfig.load(f).authorization());
        Path empty = dir.resolve("b.yml");
        Files.writeString(empty, "scope: x\n");
        CliConfig c = CliConfig.load(empty);
        assertEquals(List.of(), c.endpoints());
        assertNull(c.authorization());
    }

    @Test
    void unreadableOrInvalidFilesAreUsageErrors(@TempDir Path dir) throws Exception {
        assertThrows(UsageException.class, () -> CliConfig.load(dir.resolve("none.yml")));
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "restapi: [\n");
        assertThrows(UsageException.class, () -> CliConfig.load(bad));
        assertThrows(UsageException.class, () -> CliConfig.connectable("localhost"));
        assertEquals("127.0.0.1:8008", CliConfig.connectable(":8008"));
    }
}
