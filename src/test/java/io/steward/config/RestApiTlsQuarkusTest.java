package io.steward.config;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.steward.testing.TestCerts;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;

import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * restapi.certfile/keyfile make the agent's one HTTP port (REST, gRPC, health) serve HTTPS only: a client trusting the
 * test CA gets /patroni, a plain HTTP request on the same port gets no answer. Certificates are made by openssl at
 * test time under target/ (never committed).
 */
@QuarkusTest
@TestProfile(RestApiTlsQuarkusTest.TlsProfile.class)
class RestApiTlsQuarkusTest {

    public static final class TlsProfile implements QuarkusTestProfile {

        /** One directory per test JVM, so every class loader that loads this profile sees the same files. */
        static final Path DIR = Path.of("target", "restapi-tls-" + ProcessHandle.current().pid()).toAbsolutePath();

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

    @TestHTTPResource(value = "/patroni", tls = true)
    URL https;

    @Test
    void statusIsServedOverHttpsWithTheConfiguredCertificate() throws Exception {
        assertEquals("https", https.getProtocol());
        RestAssured.given().trustStore(trustedCa()).get(https.toURI()).then().statusCode(200)
                .body("state", notNullValue());
    }

    @Test
    void aClientTrustingAnotherCaRefusesTheServer() throws Exception {
        Path other = TlsProfile.DIR.resolve("other");
        KeyStore otherCa = trustStoreOf(TestCerts.newCa(other, "other").caCert());
        assertThrows(SSLException.class, () -> RestAssured.given().trustStore(otherCa).get(https.toURI()));
    }

    @Test
    void plainHttpIsNotServedOnTheApiPort() {
        URI plain = URI.create("http://127.0.0.1:" + https.getPort() + "/patroni");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(10)).GET().build();
        assertThrows(IOException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** A trust store holding only the CA next to the configured restapi.certfile. */
    private static KeyStore trustedCa() throws IOException, GeneralSecurityException {
        Path cert = Path.of(ConfigProvider.getConfig().getValue("steward.restapi.certfile", String.class));
        return trustStoreOf(cert.resolveSibling("api-ca.pem"));
    }

    private static KeyStore trustStoreOf(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        return store;
    }
}
