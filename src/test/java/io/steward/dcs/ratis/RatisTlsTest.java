package io.steward.dcs.ratis;

import io.steward.dcs.DcsUnavailable;
import io.steward.dcs.Precondition;
import io.steward.dcs.ReadMode;
import io.steward.testing.TestCerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real 3-peer Raft group on 127.0.0.1 with mutual TLS; certificates made by openssl in a temp dir. */
class RatisTlsTest {

    private Path root;
    private String scope;
    private final List<String> addrs = new ArrayList<>();
    private final List<RatisKvStore> stores = new ArrayList<>();

    @BeforeEach
    void addresses() throws IOException {
        root = Files.createTempDirectory("steward-raft-tls");
        scope = "tls-" + root.getFileName();
        for (int i = 0; i < 3; i++) {
            addrs.add("127.0.0.1:" + RatisTestCluster.freePort());
        }
    }

    @AfterEach
    void stopAll() throws IOException {
        stores.forEach(RatisKvStore::close);
        TestCerts.deleteTree(root);
    }

    @Test
    void threePeersWithMutualTlsCommitWritesAndServeReads() throws Exception {
        TestCerts ca = TestCerts.newCa(root.resolve("certs"), "cluster");
        for (int i = 0; i < 3; i++) {
            start(i, ca, ca.issue("peer" + i));
        }
        awaitLeaderAmong(0, 1, 2);
        assertTrue(stores.get(0).put("/tls/a", "1", Precondition.none(), null).succeeded());
        assertTrue(stores.get(2).put("/tls/b", "2", Precondition.absent(), null).succeeded());
        for (RatisKvStore store : stores) {
            assertEquals("1", store.get("/tls/a", ReadMode.LINEARIZABLE).orElseThrow().value());
            assertEquals("2", store.get("/tls/b", ReadMode.LINEARIZABLE).orElseThrow().value());
        }
    }

    @Test
    void aPeerWithACertificateFromAnotherCaCannotJoinTheQuorum() throws Exception {
        TestCerts ca = TestCerts.newCa(root.resolve("certs"), "cluster");
        TestCerts rogueCa = TestCerts.newCa(root.resolve("rogue"), "rogue");
        start(0, ca, ca.issue("peer0"));
        start(1, ca, ca.issue("peer1"));
        start(2, rogueCa, rogueCa.issue("peer2"));
        awaitLeaderAmong(0, 1);
        assertTrue(stores.get(0).put("/tls/good", "yes", Precondition.none(), null).succeeded());
        assertEquals("yes", stores.get(1).get("/tls/good", ReadMode.LINEARIZABLE).orElseThrow().value());

        RatisKvStore rogue = stores.get(2);
        assertThrows(DcsUnavailable.class, () -> rogue.put("/tls/rogue", "x", Precondition.none(), null));
        assertThrows(DcsUnavailable.class, () -> rogue.get("/tls/good", ReadMode.LINEARIZABLE));
        assertFalse(rogue.isRaftLeader(), "the rogue peer cannot win an election");
        assertEquals(Optional.empty(), rogue.get("/tls/good", ReadMode.LOCAL),
                "nothing is replicated to a peer the others do not trust");
        assertEquals(Optional.empty(), stores.get(0).get("/tls/rogue", ReadMode.LINEARIZABLE));
    }

    @Test
    void aMissingCertificateFileFailsStartWithItsPath() throws Exception {
        TestCerts ca = TestCerts.newCa(root.resolve("certs"), "cluster");
        TestCerts.Issued peer = ca.issue("peer0");
        Path missing = root.resolve("certs/absent.pem");
        RatisSettings s = settings(0).withTls(new RaftTls(missing, peer.key(), ca.caCert()));
        IOException e = assertThrows(IOException.class, () -> RatisKvStore.start(s));
        assertEquals("DCS Raft TLS certificate file " + missing + " is missing or not readable", e.getMessage());
    }

    private RatisSettings settings(int i) {
        String self = addrs.get(i);
        List<String> partners = addrs.stream().filter(a -> !a.equals(self)).toList();
        return RatisSettings.of(self, partners, root.resolve("raft-" + i), scope, RatisTestCluster.RETRY_TIMEOUT);
    }

    private void start(int i, TestCerts trusted, TestCerts.Issued own) throws IOException {
        RaftTls tls = new RaftTls(own.cert(), own.key(), trusted.caCert());
        stores.add(RatisKvStore.start(settings(i).withTls(tls)));
    }

    private void awaitLeaderAmong(int... peers) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (int i : peers) {
                if (stores.get(i).isRaftLeader()) {
                    return true;
                }
            }
            return false;
        });
    }
}
