package io.steward.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.steward.config.StewardConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A @QuarkusTest profile whose agent serves its one HTTP port (REST, gRPC, health) over HTTPS only, with a certificate
 * from a test CA made by openssl under target/ at test time ({@code api-ca.pem} next to the node certificate).
 */
public final class TlsApiProfile implements QuarkusTestProfile {

    /** One directory per test JVM, so every class loader that loads this profile sees the same files. */
    public static final Path DIR = Path.of("target", "restapi-tls-" + ProcessHandle.current().pid()).toAbsolutePath();

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(io.steward.api.rest.wiring.TestAgentBeans.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(StewardConfigSource.FILE_PROPERTY, nodeFile().toString(),
                "quarkus.http.test-port", "0", "quarkus.http.test-ssl-port", "0");
    }

    private static synchronized Path nodeFile() {
        Path yaml = DIR.resolve("node.yml");
        if (Files.exists(yaml)) {
            return yaml;
        }
        try {
            TestCerts ca = TestCerts.newCa(DIR, "api");
            TestCerts.Issued node = ca.issue("node1");
            Files.writeString(yaml, """
                    scope: tls-test
                    name: witness1
                    restapi:
                      listen: 127.0.0.1:18443
                      certfile: %s
                      keyfile: %s
                    raft: {data_dir: target/raft-not-used, self_addr: 127.0.0.1:18444}
                    """.formatted(node.cert(), node.key()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(DIR)));
            return yaml;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the test certificates in " + DIR, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            TestCerts.deleteTree(dir);
        } catch (IOException e) {
            // a leftover directory under target/ is harmless
        }
    }
}
