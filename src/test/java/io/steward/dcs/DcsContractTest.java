package io.steward.dcs;

import io.steward.model.ClusterView;
import io.steward.model.DynamicConfig;
import io.steward.model.FailoverIntent;
import io.steward.model.HistoryEntry;
import io.steward.model.Member;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Dcs} built as {@link KvDcs} over a {@link KvStore} must do. Each test uses its own scope, so a
 * subclass may share one store between tests.
 */
public abstract class DcsContractTest {

    private static final AtomicInteger SCOPES = new AtomicInteger();

    protected KvDcs dcs;
    protected String scope;

    protected abstract KvStore store();

    protected Duration shortTtl() {
        return Duration.ofSeconds(1);
    }

    protected Duration expirySlack() {
        return Duration.ofMillis(1200);
    }

    @BeforeEach
    void freshScope() {
        scope = "demo" + SCOPES.incrementAndGet() + "-" + System.nanoTime();
        dcs = new KvDcs(store(), null, scope);
    }

    @Test
    void anEmptyClusterReadsAsEmpty() throws Exception {
        ClusterView v = dcs.read();
        assertNull(v.initialize());
        assertNull(v.leader());
        assertTrue(v.members().isEmpty());
        assertEquals(DynamicConfig.DEFAULTS, v.config());
        assertEquals(0, v.configIndex());
        assertEquals("/service/" + scope + "/", dcs.basePath());
    }

    @Test
    void initializeIsWonOnceAndCanBeGivenBack() throws Exception {
        assertTrue(dcs.initialize("7001"));
        assertFalse(dcs.initialize("7002"));
        assertFalse(dcs.cancelInitialize("7002"));
        assertEquals("7001", dcs.read().initialize());
        assertTrue(dcs.cancelInitialize("7001"));
        assertNull(dcs.read().initialize());
        assertTrue(dcs.initialize("7002"));
    }

    @Test
    void leaderLeaseIsCompareAndSetOnEveryVerb() throws Exception {
        Duration ttl = Duration.ofSeconds(30);
        assertTrue(dcs.tryAcquireLeader("a", ttl));
        assertFalse(dcs.tryAcquireLeader("b", ttl));
        assertFalse(dcs.renewLeader("b", ttl));
        long acquiredAt = dcs.read().leader().index();
        assertTrue(dcs.renewLeader("a", ttl));
        ClusterView v = dcs.read();
        assertEquals("a", v.leader().name());
        assertTrue(v.leader().index() > acquiredAt, "the leader index moves with each renewal");
        assertEquals(ttl, store().get(dcs.basePath() + "leader", ReadMode.LINEARIZABLE).orElseThrow().ttl());
        assertFalse(dcs.releaseLeader("b"));
        assertTrue(dcs.releaseLeader("a"));
        assertNull(dcs.read().leader());
        assertTrue(dcs.tryAcquireLeader("b", ttl));
    }

    @Test
    void anUnrenewedLeaderLeaseExpires() throws Exception {
        long start = System.nanoTime();
        assertTrue(dcs.tryAcquireLeader("a", shortTtl()));
        await().atMost(shortTtl().plus(expirySlack()).plusSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> dcs.read().leader() == null);
        assertTrue(System.nanoTime() - start >= shortTtl().toNanos());
        assertFalse(dcs.renewLeader("a", shortTtl()), "an expired lease cannot be renewed");
        assertTrue(dcs.tryAcquireLeader("b", shortTtl()));
    }

    @Test
    void membersRoundTripWithEveryField() throws Exception {
        Instant restart = Instant.parse("2026-11-28T07:00:00Z");
        Tags tags = Tags.fromMap(Map.of("nofailover", true, "clonefrom", "n2"));
        Member full = new Member("n1", "postgres://10.0.0.1:5432/postgres", "http://10.0.0.1:8008/patroni",
                PgState.RUNNING, PgRole.REPLICA, 3, 123456789L, "streaming", "n0", tags, true, true, "15.4", restart);
        Member bare = new Member("n2", null, null, PgState.STOPPED, PgRole.PRIMARY, 0, 0, null, null, null, false,
                false, null, null);
        dcs.touchMember(full, Duration.ofSeconds(30));
        dcs.touchMember(bare, Duration.ofSeconds(30));
        ClusterView v = dcs.read();
        assertEquals(List.of(full, bare), v.members());
        String json = store().get(dcs.basePath() + "members/n2", ReadMode.LINEARIZABLE).orElseThrow().value();
        assertFalse(json.contains("pause"), "pause is written only when true: " + json);
        assertTrue(json.contains("\"xlog_location\":0") && json.contains("\"role\":\"primary\""), json);
        dcs.deleteMember("n1");
        assertEquals(List.of("n2"), dcs.read().members().stream().map(Member::name).toList());
    }

    @Test
    void aMemberThatStopsTouchingDisappears() throws Exception {
        dcs.touchMember(member("gone"), shortTtl());
        dcs.touchMember(member("stays"), Duration.ofSeconds(60));
        await().atMost(shortTtl().plus(expirySlack()).plusSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> dcs.read().members().size() == 1);
        assertEquals("stays", dcs.read().members().get(0).name());
    }

    @Test
    void configIsCompareAndSetOnItsIndexAndParsed() throws Exception {
        Map<String, Object> doc = new HashMap<>();
        doc.put("ttl", 20);
        doc.put("loop_wait", 5);
        doc.put("retry_timeout", 2.5);
        doc.put("maximum_lag_on_failover", 1000);
        doc.put("pause", true);
        doc.put("synchronous_mode", null);
        doc.put("custom", "kept");
        doc.put("postgresql", Map.of("parameters", Map.of("max_connections", 200)));
        assertTrue(dcs.casConfig(doc, 0));
        assertFalse(dcs.casConfig(doc, 0), "0 means: only if absent");
        ClusterView v = dcs.read();
        DynamicConfig c = v.config();
        assertEquals(Duration.ofSeconds(20), c.ttl());
        assertEquals(Duration.ofSeconds(5), c.loopWait());
        assertEquals(Duration.ofMillis(2500), c.retryTimeout());
        assertEquals(1000, c.maximumLagOnFailover());
        assertEquals(DynamicConfig.DEFAULTS.primaryStartTimeout(), c.primaryStartTimeout());
        assertTrue(c.pause() && c.useSlots() && v.isPaused());
        assertEquals(200, ((Number) c.postgresqlParameters().get("max_connections")).intValue());
        assertEquals("kept", c.raw().get("custom"));
        assertFalse(c.raw().containsKey("synchronous_mode"), "null values are not stored");
        assertFalse(dcs.casConfig(Map.of("pause", false), v.configIndex() + 99));
        assertTrue(dcs.casConfig(Map.of("pause", false, "use_slots", false), v.configIndex()));
        ClusterView after = dcs.read();
        assertFalse(after.isPaused() || after.config().useSlots());
        assertTrue(after.configIndex() > v.configIndex());
    }

    @Test
    void failoverIntentIsCompareAndSetAndDeletable() throws Exception {
        Instant at = Instant.parse("2026-11-28T08:30:00Z");
        assertTrue(dcs.casFailover(new FailoverIntent("n1", "n2", at, 0), 0));
        assertFalse(dcs.casFailover(new FailoverIntent(null, "n3", null, 0), 0));
        FailoverIntent read = dcs.read().failover();
        assertEquals("n1", read.leader());
        assertEquals("n2", read.candidate());
        assertEquals(at, read.scheduledAt());
        assertTrue(read.index() > 0);
        assertFalse(dcs.casFailover(null, read.index() + 5));
        assertTrue(dcs.casFailover(null, read.index()));
        assertNull(dcs.read().failover());
        assertTrue(dcs.casFailover(null, 0), "clearing an absent intent with index 0 holds");
    }

    @Test
    void statusAndHistoryRoundTrip() throws Exception {
        dcs.publishStatus(987654321L, Map.of("n2", 42L));
        List<HistoryEntry> history = List.of(new HistoryEntry(1, 50331808L, "no recovery target specified",
                "2026-11-28T06:00:00+00:00", "n1"), new HistoryEntry(2, 83886240L, "switchover", null, "n2"));
        dcs.publishHistory(history);
        ClusterView v = dcs.read();
        assertEquals(987654321L, v.optime());
        assertEquals(history, v.history());
        String status = store().get(dcs.basePath() + "status", ReadMode.LINEARIZABLE).orElseThrow().value();
        assertTrue(status.contains("\"slots\":{\"n2\":42}"), status);
    }

    @Test
    void malformedValuesDoNotBreakRead() throws Exception {
        dcs.touchMember(member("good"), Duration.ofSeconds(30));
        store().put(dcs.basePath() + "members/bad", "{not json", Precondition.none(), null);
        store().put(dcs.basePath() + "members/worse", "[1,2]", Precondition.none(), null);
        store().put(dcs.basePath() + "config", "{\"ttl\":\"soon\"}", Precondition.none(), null);
        store().put(dcs.basePath() + "history", "{}", Precondition.none(), null);
        store().put(dcs.basePath() + "status", "null", Precondition.none(), null);
        store().put(dcs.basePath() + "failover", "{\"scheduled_at\":\"tomorrow\"}", Precondition.none(), null);
        ClusterView v = dcs.read();
        assertEquals(List.of("good"), v.members().stream().map(Member::name).toList());
        assertEquals(DynamicConfig.DEFAULTS, v.config());
        assertTrue(v.configIndex() > 0, "a malformed config still has an index to replace it by CAS");
        assertTrue(v.history().isEmpty());
        assertEquals(0, v.optime());
        assertNull(v.failover());
        assertEquals(v.members(), dcs.read().members());
    }

    @Test
    void watchesFireForTheirRelativeKeyOrPrefix() throws Exception {
        AtomicInteger leader = new AtomicInteger();
        AtomicInteger members = new AtomicInteger();
        try (AutoCloseable w1 = dcs.watch("leader", leader::incrementAndGet);
             AutoCloseable w2 = dcs.watch("members/", members::incrementAndGet)) {
            dcs.tryAcquireLeader("a", Duration.ofSeconds(30));
            dcs.touchMember(member("a"), Duration.ofSeconds(30));
            dcs.touchMember(member("b"), Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(5)).until(() -> leader.get() == 1 && members.get() == 2);
            dcs.releaseLeader("a");
            await().atMost(Duration.ofSeconds(5)).until(() -> leader.get() == 2);
        }
        assertEquals(2, members.get());
    }

    @Test
    void localReadEventuallyMatchesTheLinearizableRead() throws Exception {
        dcs.initialize("42");
        dcs.touchMember(member("a"), Duration.ofSeconds(30));
        ClusterView linear = dcs.read();
        await().atMost(Duration.ofSeconds(5)).until(() -> dcs.readLocal().equals(linear));
    }

    @Test
    void clustersInOtherScopesAreInvisible() throws Exception {
        KvDcs other = new KvDcs(store(), "/service/", scope + "x");
        other.tryAcquireLeader("z", Duration.ofSeconds(30));
        other.touchMember(member("z"), Duration.ofSeconds(30));
        assertNull(dcs.read().leader());
        assertTrue(dcs.read().members().isEmpty());
        assertTrue(dcs.tryAcquireLeader("a", Duration.ofSeconds(30)));
    }

    protected static Member member(String name) {
        return new Member(name, "postgres://" + name + ":5432/postgres", "http://" + name + ":8008", PgState.RUNNING,
                PgRole.REPLICA, 1, 100, "streaming", null, null, false, false, "15", null);
    }
}
