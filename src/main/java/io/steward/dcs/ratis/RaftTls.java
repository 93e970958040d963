package io.steward.dcs.ratis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Mutual TLS for the DCS Raft traffic (peer to peer, and this node's client to the group). Every peer presents
 * {@code certFile} and accepts only peers whose certificate is signed by {@code caFile}; a certificate must name the
 * host of its peer's {@code host:port} address (subject alternative name, e.g. {@code IP:10.0.0.5}).
 *
 * @param certFile this peer's certificate chain (PEM)
 * @param keyFile  this peer's private key (PEM, PKCS#8 {@code BEGIN PRIVATE KEY}, not encrypted)
 * @param caFile   the certificate authorities trusted for the other peers (PEM)
 */
public record RaftTls(Path certFile, Path keyFile, Path caFile) {

    public RaftTls {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(caFile, "caFile");
    }

    /** Fails naming the first file that cannot be read, before the Raft server tries and reports it vaguely. */
    void checkReadable() throws IOException {
        requireReadable("certificate", certFile);
        requireReadable("private key", keyFile);
        requireReadable("CA certificate", caFile);
    }

    private static void requireReadable(String what, Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("DCS Raft TLS " + what + " file " + file + " is missing or not readable");
        }
    }
}
