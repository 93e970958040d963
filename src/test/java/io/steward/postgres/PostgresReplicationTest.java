package io.steward.postgres;

import static io.steward.postgres.PgTestCluster.TIMEOUT;
import static io.steward.postgres.PgTestCluster.query;
import static io.steward.postgres.PgTestCluster.sql;
import static io.steward.postgres.PgTestCluster.upstream;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.model.PgRole;
import io.steward.model.PgState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A three-node cluster of real servers taken through a clone, a switchover, a split brain with rewind, and
 * reinitialisation. The tests run in order and share the nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresReplicationTest {
    private final PgTestCluster cluster = new PgTestCluster();
    private PostgresInstance node1;
    private PostgresInstance node2;
    private PostgresInstance node3;

    @BeforeAll
    void bootstrap() throws Exception {
        node1 = cluster.bootstrap("node1");
        node1.syncSlots(Set.of("node2", "node3"), false);
        sql(node1, "CREATE TABLE t(v text)");
        node2 = cluster.instance(cluster.settings("node2"));
        node3 = cluster.instance(cluster.settings("node3"));
    }

    @AfterAll
    void cleanup() {
        cluster.close();
    }

    @Test
    @Order(1)
    void replicasAreClonedWithBasebackupAndStream() throws Exception {
        assertEquals(PgState.UNINITIALIZED, node2.status().state());
        node2.createReplica(upstream(node1), TIMEOUT);
        node3.createReplica(upstream(node1), TIMEOUT);
        sql(node1, "INSERT INTO t VALUES ('one')");
        for (PostgresInstance r : new PostgresInstance[] {node2, node3}) {
            awaitStreamingFrom(r, node1);
            await().atMost(TIMEOUT).until(() -> "one".equals(query(r, "SELECT max(v) FROM t")));
            PgStatus st = r.status();
            assertEquals(PgRole.REPLICA, st.role());
            assertEquals(node1.status().systemId(), st.systemId());
            assertFalse(Files.readString(r.settings().dataDir().resolve("postgresql.auto.conf")).contains("primary"));
            assertTrue(Files.readString(r.settings().dataDir().resolve("postgresql.conf"))
                    .contains("port = '" + r.settings().port() + "'"));
        }
        await().atMost(TIMEOUT).until(() -> node1.replication().stream()
                .filter(x -> "streaming".equals(x.state())).count() == 2);
        assertEquals(Set.of("node2", "node3"), Set.copyOf(node1.replication().stream()
                .map(ReplicationInfo::applicationName).toList()));
        assertEquals("t", query(node1, "SELECT bool_and(active) FROM pg_replication_slots"), "both slots in use");
    }

    @Test
    @Order(2)
    void switchoverDemotesThePrimaryAndTheReplicasFollowWithoutRestart() throws Exception {
        StartResult demoted = node1.demote(null, TIMEOUT);
        assertEquals(PgState.RUNNING, demoted.state());
        assertEquals(PgRole.REPLICA, node1.status().role());
        Lsn end = node1.status().replayedLsn();
        await().atMost(TIMEOUT).until(() -> end.equals(node2.status().replayedLsn()));

        assertEquals(2, node2.promote(TIMEOUT));
        assertEquals(PgRole.PRIMARY, node2.status().role());
        assertEquals(Set.of(), Set.copyOf(node2.syncSlots(Set.of("node1", "node3"), false).kept()));
        assertEquals(RewindCheck.Verdict.NOT_NEEDED, node3.checkRewind(upstream(node2), TIMEOUT).verdict());

        long pid3 = node3.status().postmasterPid();
        long pid1 = node1.status().postmasterPid();
        assertEquals(FollowResult.Action.RELOADED, node3.follow(upstream(node2), TIMEOUT).action());
        assertEquals(FollowResult.Action.RELOADED, node1.follow(upstream(node2), TIMEOUT).action());
        awaitStreamingFrom(node3, node2);
        awaitStreamingFrom(node1, node2);
        assertEquals(pid3, node3.status().postmasterPid(), "followed the new leader without a restart");
        assertEquals(pid1, node1.status().postmasterPid(), "followed the new leader without a restart");
        sql(node2, "INSERT INTO t VALUES ('two')");
        for (PostgresInstance r : new PostgresInstance[] {node1, node3}) {
            await().atMost(TIMEOUT).until(() -> "2".equals(query(r, "SELECT count(*) FROM t")));
            assertEquals(2, r.status().timeline());
        }
    }

    @Test
    @Order(3)
    void aDivergedOldPrimaryIsRewoundAndRejoins() throws Exception {
        node1.stop(StopMode.FAST, TIMEOUT);
        assertEquals(3, node3.promote(TIMEOUT));
        node3.syncSlots(Set.of("node1", "node2"), false);
        sql(node2, "INSERT INTO t VALUES ('lost in the split brain')");
        sql(node3, "INSERT INTO t VALUES ('three')");

        assertEquals(RewindCheck.Verdict.NEEDED, node2.checkRewind(upstream(node3), TIMEOUT).verdict(),
                "running: by SQL position");
        node2.stop(StopMode.IMMEDIATE, TIMEOUT);
        assertEquals(RewindCheck.Verdict.NEEDED, node2.checkRewind(upstream(node3), TIMEOUT).verdict(),
                "crashed: by control file after crash recovery");
        assertEquals("shut down", node2.controlData().clusterState(), "single-user crash recovery ran");
        StartResult rejoined = node2.rewindAndFollow(upstream(node3), TIMEOUT);
        assertEquals(PgState.RUNNING, rejoined.state());
        awaitStreamingFrom(node2, node3);
        await().atMost(TIMEOUT).until(() -> "3".equals(query(node2, "SELECT count(*) FROM t")));
        assertNull(query(node2, "SELECT v FROM t WHERE v LIKE 'lost%'"));
        assertEquals(3, node2.status().timeline());
        assertTrue(Files.readString(node2.settings().dataDir().resolve("postgresql.conf"))
                .contains("port = '" + node2.settings().port() + "'"), "pg_rewind must not leave node3's port");
    }

    @Test
    @Order(4)
    void rewindImpossibleWithoutRecloneIsATypedErrorAndTouchesNothing() throws Exception {
        PostgresInstance stranger = cluster.bootstrap("stranger");
        String before = fingerprint(node1.settings().dataDir());
        PgRewindFailed e = assertThrows(PgRewindFailed.class,
                () -> node1.rewindAndFollow(upstream(stranger), TIMEOUT));
        assertTrue(e.getMessage().contains("system identifier"), e.getMessage());
        assertEquals(before, fingerprint(node1.settings().dataDir()));
        assertEquals(PgState.STOPPED, node1.status().state());
        assertNotEquals(stranger.status().systemId(), node1.status().systemId());

        PostgresInstance recloning = cluster.instance(node1.settings().withRemoveDataDirectoryOnRewindFailure(true));
        stranger.syncSlots(Set.of("node1"), false);
        assertEquals(PgState.RUNNING, recloning.rewindAndFollow(upstream(stranger), TIMEOUT).state());
        awaitStreamingFrom(recloning, stranger);
        assertEquals(stranger.status().systemId(), recloning.status().systemId());
        recloning.stop(StopMode.FAST, TIMEOUT);
    }

    @Test
    @Order(5)
    void reinitializeReplacesTheDataDirectoryWithAFreshClone() throws Exception {
        Files.writeString(node1.settings().dataDir().resolve("leftover.txt"), "from the old life");
        StartResult started = node1.reinitialize(upstream(node3), TIMEOUT);
        assertEquals(PgState.RUNNING, started.state());
        assertFalse(Files.exists(node1.settings().dataDir().resolve("leftover.txt")));
        awaitStreamingFrom(node1, node3);
        assertEquals(node3.status().systemId(), node1.status().systemId());
        await().atMost(TIMEOUT).until(() -> "3".equals(query(node1, "SELECT count(*) FROM t")));
    }

    @Test
    @Order(6)
    void cloneRefusesANonEmptyDirectoryAndTouchesNothing() throws Exception {
        PgSettings s = cluster.settings("node4");
        Files.createDirectories(s.dataDir());
        Files.writeString(s.dataDir().resolve("precious.txt"), "keep me");
        PostgresInstance node4 = cluster.instance(s);
        assertThrows(PgDataDirectoryForeign.class, () -> node4.createReplica(upstream(node3), TIMEOUT));
        try (Stream<Path> files = Files.list(s.dataDir())) {
            assertEquals(1, files.count());
        }
        assertEquals("keep me", Files.readString(s.dataDir().resolve("precious.txt")));
        assertThrows(PgDataDirectoryForeign.class, () -> node4.reinitialize(upstream(node3), TIMEOUT));
        assertEquals("keep me", Files.readString(s.dataDir().resolve("precious.txt")));
        assertThrows(PgDataDirectoryExists.class, () -> node2.createReplica(upstream(node3), TIMEOUT));
        assertEquals(PgState.RUNNING, node2.status().state());
    }

    @Test
    @Order(7)
    void aConfiguredReplicaMethodIsUsedWithItsPlaceholders() throws Exception {
        PgSettings s = cluster.settings("node5").withReplicaMethods(java.util.List.of(
                new ReplicaMethod("broken", "exit 3"),
                new ReplicaMethod("custom", node3.binaries().path("pg_basebackup")
                        + " -D {data_dir} -d {conn_url} -X stream -c fast -w && touch {data_dir}/custom-was-here")));
        PostgresInstance node5 = cluster.instance(s);
        node3.syncSlots(Set.of("node1", "node2", "node5"), false);
        assertEquals(PgState.RUNNING, node5.createReplica(upstream(node3), TIMEOUT).state());
        assertTrue(Files.exists(s.dataDir().resolve("custom-was-here")));
        awaitStreamingFrom(node5, node3);
    }

    private static void awaitStreamingFrom(PostgresInstance replica, PostgresInstance leader) {
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            PgStatus st = replica.status();
            return st.walReceiverStreaming() && st.upstreamPort() == leader.settings().port();
        });
    }

    /** Names, sizes and modification times of every file: changes if anything was written. */
    private static String fingerprint(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
            }
        }
        return m.toString();
    }
}
