package io.steward.cli;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * How stewardctl secures its gRPC connection, from the agent's YAML (Patroni's {@code ctl} section, and
 * {@code restapi.certfile}/{@code restapi.cafile}: an agent serving HTTPS serves gRPC over TLS on the same port) or
 * from the command line.
 *
 * @param enabled  TLS at all (else plaintext)
 * @param caFile   the CA bundle that signed the agents' certificates; null for the JVM's default trust store
 * @param certFile a client certificate for agents that verify clients; null for none
 * @param keyFile  the client certificate's private key (PEM, unencrypted)
 * @param insecure TLS without verifying the agent's certificate (testing only)
 */
record CliTls(boolean enabled, Path caFile, Path certFile, Path keyFile, boolean insecure) {

    static final CliTls PLAINTEXT = new CliTls(false, null, null, null, false);

    CliTls {
        if ((certFile == null) != (keyFile == null)) {
            throw new UsageException("A client certificate needs both ctl.certfile and ctl.keyfile");
        }
    }

    /** These settings with the command line's overrides applied (each of them turns TLS on). */
    CliTls withOverrides(String caOverride, boolean insecureFlag, boolean tlsFlag) {
        if (caOverride == null && !insecureFlag && !tlsFlag) {
            return this;
        }
        return new CliTls(true, caOverride != null ? Path.of(caOverride) : caFile, certFile, keyFile,
                insecure || insecureFlag);
    }

    /** The channel credentials; fails with a one-line usage error when a named file cannot be read. */
    ChannelCredentials credentials() {
        if (!enabled) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
        try {
            if (insecure) {
                b.trustManager(new TrustEverything());
            } else if (caFile != null) {
                b.trustManager(readable(caFile, "CA file").toFile());
            }
            if (certFile != null) {
                b.keyManager(readable(certFile, "client certificate").toFile(),
                        readable(keyFile, "client key").toFile());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("Cannot use the TLS files: " + e.getMessage());
        }
        return b.build();
    }

    private static Path readable(Path file, String what) {
        if (!Files.isReadable(file)) {
            throw new UsageException("Cannot read the " + what + " " + file);
        }
        return file;
    }

    /** For {@code --insecure} / {@code ctl.insecure}: encryption without authentication of the agent. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // deliberately trusts any agent: the user asked for --insecure
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
