package io.steward.cli;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.steward.testing.TestCerts;
import io.steward.testing.TlsApiProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * stewardctl against an agent that serves gRPC over TLS only (the same HTTPS-only agent as RestApiTlsQuarkusTest):
 * TLS settings come from the agent's YAML (restapi.certfile/cafile, Patroni's ctl section) or the command line, and
 * every way of getting them wrong ends with exit code 2 and one readable line.
 */
@QuarkusTest
@TestProfile(TlsApiProfile.class)
class StewardctlTlsQuarkusTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    private String out;
    private String err;

    private int run(String... args) {
        CliRun r = CliRun.of(args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    private String endpoint() {
        return "127.0.0.1:" + https.getPort();
    }

    private static Path ca() {
        return TlsApiProfile.DIR.resolve("api-ca.pem");
    }

    private Path config(String name, String body) throws Exception {
        Path file = TlsApiProfile.DIR.resolve(name);
        Files.writeString(file, body);
        return file;
    }

    @Test
    void theCaFromTheCommandLineConnects() {
        assertEquals(0, run("--endpoint", endpoint(), "--cacert", ca().toString(), "list", "-f", "json"), err);
        assertTrue(out.strip().startsWith("["), out);
    }

    @Test
    void anAgentConfigServingHttpsMakesStewardctlUseTlsWithItsCafile() throws Exception {
        Path yaml = config("cli-restapi.yml", """
                scope: tls-test
                restapi:
                  listen: %s
                  certfile: %s
                  cafile: %s
                """.formatted(endpoint(), TlsApiProfile.DIR.resolve("node1.pem"), ca()));
        assertEquals(0, run("-c", yaml.toString(), "list"), err);
        assertTrue(out.contains("Cluster: tls-test") || out.contains("Member"), out);
    }

    @Test
    void patronisCtlSectionWithARelativeCacertConnects() throws Exception {
        Path yaml = config("cli-ctl.yml", """
                scope: tls-test
                restapi:
                  listen: %s
                ctl:
                  cacert: api-ca.pem
                """.formatted(endpoint()));
        assertEquals(0, run("-c", yaml.toString(), "list"), err);
    }

    @Test
    void insecureSkipsVerification() {
        assertEquals(0, run("--endpoint", endpoint(), "--insecure", "list"), err);
    }

    @Test
    void plaintextToATlsOnlyAgentFailsWithOneLine() {
        assertEquals(2, run("--endpoint", endpoint(), "list"), err);
        assertTrue(err.startsWith("Cannot reach the cluster"), err);
        assertTrue(err.contains("--cacert"), "points at the TLS options: " + err);
        assertEquals(1, err.strip().lines().count(), err);
    }

    @Test
    void anAgentSignedByAnotherCaIsRefused() throws Exception {
        Path other = TestCerts.newCa(TlsApiProfile.DIR.resolve("other-ca"), "other").caCert();
        assertEquals(2, run("--endpoint", endpoint(), "--cacert", other.toString(), "list"));
        assertTrue(err.startsWith("Cannot reach the cluster"), err);
        assertEquals(1, err.strip().lines().count(), err);
    }

    @Test
    void anUnreadableCaFileIsAUsageError() {
        assertEquals(2, run("--endpoint", endpoint(), "--cacert", "/nonexistent/ca.pem", "list"));
        assertEquals("Cannot read the CA file /nonexistent/ca.pem", err.strip());
    }

    @Test
    void aClientCertificateWithoutItsKeyIsAUsageError() throws Exception {
        Path yaml = config("cli-half.yml", """
                restapi:
                  listen: %s
                ctl:
                  certfile: client.pem
                """.formatted(endpoint()));
        assertEquals(2, run("-c", yaml.toString(), "list"));
        assertEquals("A client certificate needs both ctl.certfile and ctl.keyfile", err.strip());
    }
}
