package io.steward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void plaintextUnlessTheAgentServesHttpsOrACtlSectionAsksForTls(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain.yml");
        Files.writeString(plain, "restapi:\n  listen: 127.0.0.1:8008\n  cafile: /etc/ca.pem\n");
        assertEquals(CliTls.PLAINTEXT, CliConfig.load(plain).tls());

        Path https = dir.resolve("https.yml");
        Files.writeString(https, """
                restapi:
                  listen: 127.0.0.1:8008
                  certfile: /etc/steward/node.pem
                  cafile: certs/ca.pem
                """);
        CliTls t = CliConfig.load(https).tls();
        assertTrue(t.enabled());
        assertEquals(dir.resolve("certs/ca.pem"), t.caFile(), "relative to the configuration file");
        assertNull(t.certFile());
        assertFalse(t.insecure());

        Path ctl = dir.resolve("ctl.yml");
        Files.writeString(ctl, """
                restapi:
                  listen: 127.0.0.1:8008
                  cafile: /etc/restapi-ca.pem
                ctl:
                  cacert: /etc/ctl-ca.pem
                  certfile: /etc/client.pem
                  keyfile: /etc/client.key
                """);
        CliTls c = CliConfig.load(ctl).tls();
        assertTrue(c.enabled());
        assertEquals(Path.of("/etc/ctl-ca.pem"), c.caFile(), "ctl.cacert wins over restapi.cafile");
        assertEquals(Path.of("/etc/client.pem"), c.certFile());
        assertEquals(Path.of("/etc/client.key"), c.keyFile());

        Path insecure = dir.resolve("insecure.yml");
        Files.writeString(insecure, "restapi:\n  listen: 127.0.0.1:8008\nctl:\n  insecure: true\n");
        assertTrue(CliConfig.load(insecure).tls().insecure());
    }

    @Test
    void commandLineFlagsTurnTlsOn() {
        assertEquals(CliTls.PLAINTEXT, CliTls.PLAINTEXT.withOverrides(null, false, false));
        CliTls ca = CliTls.PLAINTEXT.withOverrides("/tmp/ca.pem", false, false);
        assertTrue(ca.enabled());
        assertEquals(Path.of("/tmp/ca.pem"), ca.caFile());
        assertTrue(CliTls.PLAINTEXT.withOverrides(null, true, false).insecure());
        CliTls system = CliTls.PLAINTEXT.withOverrides(null, false, true);
        assertTrue(system.enabled());
        assertNull(system.caFile(), "--tls alone trusts the JVM's CAs");
    }
}
