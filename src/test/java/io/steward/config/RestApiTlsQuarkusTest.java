package io.steward.config;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.steward.testing.TestCerts;
import io.steward.testing.TlsApiProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
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
@TestProfile(TlsApiProfile.class)
class RestApiTlsQuarkusTest {

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
        Path other = TlsApiProfile.DIR.resolve("other");
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
