package io.steward.dcs.ratis;

import io.steward.dcs.DcsUnavailable;
import io.steward.dcs.KvEntry;
import io.steward.dcs.KvResult;
import io.steward.dcs.Precondition;
import io.steward.dcs.ReadMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replicated store when peers fail, restart, lag behind or change: a real group on 127.0.0.1. */
class RatisFailureTest {

    private static final Duration SLACK = Duration.ofMillis(1500);

    private RatisTestCluster cluster;

    @AfterEach
    void stopGroup() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void writesCommitWithOnePeerDownAndTheRestartedPeerCatchesUp() throws Exception {
        cluster = new RatisTestCluster(3, 10_000);
        int leader = cluster.awaitLeader();
        int down = (leader + 1) % 3;
        cluster.stop(down);
        KvResult r = cluster.store(leader).put("/t/while-down", "v", Precondition.none(), null);
        assertTrue(r.succeeded());
        assertEquals("v", cluster.store((leader + 2) % 3).get("/t/while-down", ReadMode.LINEARIZABLE)
                .orElseThrow().value());
        cluster.start(down);
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.store(down).get("/t/while-down", ReadMode.LOCAL)
                .isPresent());
        assertEquals("v", cluster.store(down).get("/t/while-down", ReadMode.LINEARIZABLE).orElseThrow().value());
    }

    @Test
    void killingTheRaftLeaderElectsANewOneAndServiceContinues() throws Exception {
        cluster = new RatisTestCluster(3, 10_000);
        int leader = cluster.awaitLeader();
        int other = cluster.runningOtherThan(leader);
        cluster.store(other).put("/t/before", "1", Precondition.none(), null);
        cluster.stop(leader);
        int next = cluster.awaitLeader();
        assertTrue(next != leader);
        assertTrue(cluster.store(other).put("/t/after", "2", Precondition.absent(), null).succeeded());
        List<KvEntry> all = cluster.store(next).scan("/t/", ReadMode.LINEARIZABLE);
        assertEquals(List.of("/t/after", "/t/before"), all.stream().map(KvEntry::key).toList());
    }

    @Test
    void aRenewedLeaseExpiresAboutTtlAfterTheRenewalAcrossARaftLeaderChange() throws Exception {
        cluster = new RatisTestCluster(3, 10_000);
        Duration ttl = Duration.ofSeconds(3);
        int leader = cluster.awaitLeader();
        int holder = cluster.runningOtherThan(leader);
        KvResult first = cluster.store(holder).put("/t/lease", "h", Precondition.none(), ttl);
        Thread.sleep(500);
        long renewedAt = System.nanoTime();
        assertTrue(cluster.store(holder).put("/t/lease", "h", Precondition.modIndexEquals(first.index()), ttl)
                .succeeded());
        Thread.sleep(1000);
        cluster.stop(leader);
        cluster.awaitLeader();
        assertTrue(cluster.store(holder).get("/t/lease", ReadMode.LINEARIZABLE).isPresent(),
                "the lease outlived its holder's deadline");
        await().atMost(ttl.plus(SLACK).plusSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.store(holder).get("/t/lease", ReadMode.LINEARIZABLE).isEmpty());
        long elapsed = System.nanoTime() - renewedAt;
        assertTrue(elapsed >= ttl.toNanos(), "expired " + elapsed / 1_000_000 + " ms after the renewal");
        assertTrue(elapsed <= ttl.plus(SLACK).toNanos(), "a new leader re-armed the lease: expired "
                + elapsed / 1_000_000 + " ms after the renewal, ttl " + ttl);
    }

    @Test
    void afterTheWholeGroupRestartsALeaseCountsFromTheEndOfReplay() throws Exception {
        cluster = new RatisTestCluster(3, 10_000);
        Duration ttl = Duration.ofSeconds(3);
        cluster.store(0).put("/t/lease", "h", Precondition.none(), ttl);
        cluster.store(0).put("/t/plain", "p", Precondition.none(), null);
        for (int i = 0; i < 3; i++) {
            cluster.stop(i);
        }
        long restartBegan = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            cluster.start(i);
        }
        int leader = cluster.awaitLeader();
        assertTrue(cluster.store(leader).get("/t/lease", ReadMode.LINEARIZABLE).isPresent(),
                "a restarted group must not expire a lease before a full ttl after its replay");
        await().atMost(ttl.plus(SLACK).plusSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.store(leader).get("/t/lease", ReadMode.LINEARIZABLE).isEmpty());
        long elapsed = System.nanoTime() - restartBegan;
        assertTrue(elapsed >= ttl.toNanos(), "expired " + elapsed / 1_000_000 + " ms after the restart began");
        assertEquals("p", cluster.store(leader).get("/t/plain", ReadMode.LINEARIZABLE).orElseThrow().value());
    }

    @Test
    void aRestartedPeerCatchesUpThroughASnapshotAfterTheLogWasPurged() throws Exception {
        cluster = new RatisTestCluster(3, 20);
        int leader = cluster.awaitLeader();
        int lagging = (leader + 1) % 3;
        cluster.store(leader).put("/t/early", "e", Precondition.none(), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.store(lagging).get("/t/early", ReadMode.LOCAL)
                .isPresent());
        long laggingApplied = cluster.store(lagging).appliedIndex();
        cluster.stop(lagging);
        String chunk = "x".repeat(64 * 1024);
        for (int i = 0; i < 120; i++) {
            cluster.store(leader).put("/t/bulk/" + i, chunk + i, Precondition.none(), null);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.store(leader).logStartIndex() > laggingApplied + 1);
        cluster.start(lagging);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.store(lagging).get("/t/bulk/119", ReadMode.LOCAL)
                .isPresent());
        assertTrue(cluster.store(lagging).logStartIndex() > laggingApplied + 1,
                "the restarted peer's log starts after a snapshot, not at its old position");
        assertEquals(121, cluster.store(lagging).scan("/t/", ReadMode.LOCAL).size());
        assertEquals(chunk + 7, cluster.store(lagging).get("/t/bulk/7", ReadMode.LOCAL).orElseThrow().value());
    }

    @Test
    void losingTheQuorumFailsCallsWithinTheRetryTimeout() throws Exception {
        cluster = new RatisTestCluster(3, 10_000);
        int leader = cluster.awaitLeader();
        int survivor = (leader + 1) % 3;
        cluster.store(survivor).put("/t/k", "v", Precondition.none(), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.store(survivor).get("/t/k", ReadMode.LOCAL)
                .isPresent());
        cluster.stop(leader);
        cluster.stop((leader + 2) % 3);
        Duration limit = RatisTestCluster.RETRY_TIMEOUT.plus(SLACK);
        long start = System.nanoTime();
        assertThrows(DcsUnavailable.class, () -> cluster.store(survivor).put("/t/k", "w", Precondition.none(), null));
        assertTrue(System.nanoTime() - start <= limit.toNanos(), "write hung past " + limit);
        start = System.nanoTime();
        assertThrows(DcsUnavailable.class, () -> cluster.store(survivor).get("/t/k", ReadMode.LINEARIZABLE));
        assertTrue(System.nanoTime() - start <= limit.toNanos(), "read hung past " + limit);
        assertEquals("v", cluster.store(survivor).get("/t/k", ReadMode.LOCAL).orElseThrow().value());

        cluster.start(leader);
        cluster.start((leader + 2) % 3);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(DcsUnavailable.class)
                .until(() -> cluster.store(survivor).put("/t/k", "back", Precondition.none(), null).succeeded());
        assertEquals("back", cluster.store(survivor).get("/t/k", ReadMode.LINEARIZABLE).orElseThrow().value());
    }

    @Test
    void votersCanBeAddedAndRemoved() throws Exception {
        cluster = new RatisTestCluster(3, 10_000);
        String newAddr = "127.0.0.1:" + RatisTestCluster.freePort();
        List<String> existing = List.of(cluster.addr(0), cluster.addr(1), cluster.addr(2));
        try (RatisKvStore added = RatisKvStore.start(cluster.settings(newAddr, existing))) {
            cluster.store(0).addVoter(newAddr);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.store(0).voters().size() == 4);
            assertTrue(cluster.store(0).voters().contains(newAddr));
            cluster.store(1).put("/t/joined", "yes", Precondition.none(), null);
            await().atMost(Duration.ofSeconds(10)).until(() -> added.get("/t/joined", ReadMode.LOCAL).isPresent());
            cluster.store(2).removeVoter(newAddr);
            await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.store(0).voters().contains(newAddr));
            assertEquals(3, cluster.store(0).voters().size());
        }
        assertTrue(cluster.store(0).put("/t/after-removal", "ok", Precondition.none(), null).succeeded());
    }

    @Test
    void aBusyPortFailsStartWithTheAddressInTheMessage() throws Exception {
        cluster = new RatisTestCluster(1, 10_000);
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            String addr = "127.0.0.1:" + busy.getLocalPort();
            IOException e = assertThrows(IOException.class,
                    () -> RatisKvStore.start(cluster.settings(addr, List.of())));
            assertTrue(e.getMessage().contains(addr), e.getMessage());
        }
    }
}
