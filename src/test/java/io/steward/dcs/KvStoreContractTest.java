package io.steward.dcs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link KvStore} must do. Subclasses supply the store; each test works under its own fresh prefix, so a
 * subclass may share one store (or one Raft group) between tests.
 */
public abstract class KvStoreContractTest {

    protected String p;

    /** The store under test; must stay open for the whole test. */
    protected abstract KvStore store();

    /** A lease ttl short enough for a test, long enough for the store to apply a write well within it. */
    protected Duration shortTtl() {
        return Duration.ofSeconds(1);
    }

    /** How late after its ttl a lease may disappear at most. */
    protected Duration expirySlack() {
        return Duration.ofMillis(1200);
    }

    @BeforeEach
    void freshPrefix() {
        p = "/contract/" + UUID.randomUUID() + "/";
    }

    @Test
    void putThenGetReturnsTheValueWithAnIncreasingModIndex() throws Exception {
        KvResult first = store().put(p + "a", "one", Precondition.none(), null);
        KvResult second = store().put(p + "a", "two", Precondition.none(), null);
        assertTrue(first.succeeded() && second.succeeded());
        assertTrue(second.index() > first.index() && first.index() > 0, "indexes " + first + " " + second);
        KvEntry e = store().get(p + "a", ReadMode.LINEARIZABLE).orElseThrow();
        assertEquals("two", e.value());
        assertEquals(second.index(), e.modIndex());
        assertNull(e.ttl());
        assertEquals(Optional.empty(), store().get(p + "missing", ReadMode.LINEARIZABLE));
    }

    @Test
    void absentPreconditionFailsWithTheCurrentEntry() throws Exception {
        assertTrue(store().put(p + "k", "mine", Precondition.absent(), null).succeeded());
        KvResult lost = store().put(p + "k", "yours", Precondition.absent(), null);
        assertFalse(lost.succeeded());
        assertEquals("mine", lost.current().value());
        assertEquals(0, lost.index());
        assertEquals("mine", store().get(p + "k", ReadMode.LINEARIZABLE).orElseThrow().value());
    }

    @Test
    void modIndexPreconditionIsCompareAndSet() throws Exception {
        KvResult created = store().put(p + "k", "v1", Precondition.modIndexEquals(0), null);
        assertTrue(created.succeeded());
        assertFalse(store().put(p + "k", "v0", Precondition.modIndexEquals(0), null).succeeded());
        KvResult stale = store().put(p + "k", "x", Precondition.modIndexEquals(created.index() + 1000), null);
        assertFalse(stale.succeeded());
        assertEquals(created.index(), stale.current().modIndex());
        assertTrue(store().put(p + "k", "v2", Precondition.modIndexEquals(created.index()), null).succeeded());
        assertEquals("v2", store().get(p + "k", ReadMode.LINEARIZABLE).orElseThrow().value());
    }

    @Test
    void valuePreconditionIsCompareAndSet() throws Exception {
        assertFalse(store().put(p + "k", "b", Precondition.valueEquals("a"), null).succeeded());
        store().put(p + "k", "a", Precondition.none(), null);
        assertFalse(store().put(p + "k", "c", Precondition.valueEquals("x"), null).succeeded());
        assertTrue(store().put(p + "k", "b", Precondition.valueEquals("a"), null).succeeded());
        assertEquals("b", store().get(p + "k", ReadMode.LINEARIZABLE).orElseThrow().value());
    }

    @Test
    void deleteHonoursItsPrecondition() throws Exception {
        KvResult put = store().put(p + "k", "v", Precondition.none(), null);
        assertFalse(store().delete(p + "k", Precondition.valueEquals("other")).succeeded());
        assertFalse(store().delete(p + "k", Precondition.modIndexEquals(put.index() + 7)).succeeded());
        assertTrue(store().get(p + "k", ReadMode.LINEARIZABLE).isPresent());
        KvResult deleted = store().delete(p + "k", Precondition.modIndexEquals(put.index()));
        assertTrue(deleted.succeeded());
        assertTrue(deleted.index() > put.index());
        assertTrue(store().get(p + "k", ReadMode.LINEARIZABLE).isEmpty());
        assertTrue(store().delete(p + "k", Precondition.none()).succeeded(), "deleting an absent key is a no-op");
        assertFalse(store().delete(p + "k", Precondition.valueEquals("v")).succeeded());
    }

    @Test
    void scanReturnsOnlyThePrefixSortedByKey() throws Exception {
        store().put(p + "m/b", "2", Precondition.none(), null);
        store().put(p + "m/a", "1", Precondition.none(), null);
        store().put(p + "mx", "other", Precondition.none(), null);
        List<KvEntry> scanned = store().scan(p + "m/", ReadMode.LINEARIZABLE);
        assertEquals(List.of(p + "m/a", p + "m/b"), scanned.stream().map(KvEntry::key).toList());
        assertEquals(3, store().scan(p, ReadMode.LINEARIZABLE).size());
    }

    @Test
    void localReadSeesCommittedWritesEventually() throws Exception {
        store().put(p + "k", "v", Precondition.none(), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> store().get(p + "k", ReadMode.LOCAL).isPresent());
        assertEquals("v", store().scan(p, ReadMode.LOCAL).get(0).value());
    }

    @Test
    void invalidKeysAndValuesAreRejectedWithNothingWritten() throws Exception {
        assertThrows(DcsRejected.class, () -> store().put(p + "bad key", "v", Precondition.none(), null));
        assertThrows(DcsRejected.class, () -> store().put(p + "bad\nkey", "v", Precondition.none(), null));
        assertThrows(DcsRejected.class, () -> store().put(p + "é", "v", Precondition.none(), null));
        assertThrows(DcsRejected.class, () -> store().put("", "v", Precondition.none(), null));
        assertThrows(DcsRejected.class, () -> store().put(p + "x".repeat(600), "v", Precondition.none(), null));
        String big = "x".repeat(KvLimits.MAX_VALUE_BYTES + 1);
        assertThrows(DcsRejected.class, () -> store().put(p + "big", big, Precondition.none(), null));
        assertThrows(DcsRejected.class, () -> store().put(p + "nul", null, Precondition.none(), null));
        assertThrows(DcsRejected.class, () -> store().put(p + "ttl", "v", Precondition.none(), Duration.ZERO));
        assertThrows(DcsRejected.class, () -> store().delete(p + "bad key", Precondition.none()));
        assertTrue(store().scan(p, ReadMode.LINEARIZABLE).isEmpty());
        String limit = "y".repeat(KvLimits.MAX_VALUE_BYTES - 1024);
        assertTrue(store().put(p + "k-_.:@", limit, Precondition.none(), null).succeeded());
        assertEquals(limit.length(), store().get(p + "k-_.:@", ReadMode.LINEARIZABLE).orElseThrow().value().length());
        // the largest entry there can be: the longest key, a value at the limit, a value condition and a ttl
        String longestKey = p + "z".repeat(KvLimits.MAX_KEY_LENGTH - p.length());
        String largest = "w".repeat(KvLimits.MAX_VALUE_BYTES);
        assertTrue(store().put(longestKey, largest, Precondition.none(), null).succeeded());
        assertTrue(store().put(longestKey, largest, new Precondition.ValueEquals(largest), Duration.ofMinutes(5))
                .succeeded());
        assertEquals(largest, store().get(longestKey, ReadMode.LINEARIZABLE).orElseThrow().value());
    }

    @Test
    void leaseExpiresAfterItsTtlAndNotBefore() throws Exception {
        Duration ttl = shortTtl();
        long start = System.nanoTime();
        KvResult put = store().put(p + "lease", "holder", Precondition.none(), ttl);
        assertEquals(ttl, put.current().ttl());
        awaitGone(p + "lease", ttl.plus(expirySlack()).plusSeconds(2));
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= ttl.toNanos(), "lease vanished after " + elapsed / 1_000_000 + " ms < ttl " + ttl);
        assertTrue(elapsed <= ttl.plus(expirySlack()).toNanos(),
                "lease vanished only after " + elapsed / 1_000_000 + " ms");
    }

    @Test
    void renewingALeaseRestartsItsTtl() throws Exception {
        Duration ttl = shortTtl();
        KvResult first = store().put(p + "lease", "h", Precondition.none(), ttl);
        sleepQuietly(ttl.dividedBy(2));
        long renewedAt = System.nanoTime();
        KvResult renewed = store().put(p + "lease", "h", Precondition.modIndexEquals(first.index()), ttl);
        assertTrue(renewed.succeeded());
        awaitGone(p + "lease", ttl.plus(expirySlack()).plusSeconds(2));
        long sinceRenewal = System.nanoTime() - renewedAt;
        assertTrue(sinceRenewal >= ttl.toNanos(), "renewed lease vanished " + sinceRenewal / 1_000_000 + " ms after");
    }

    @Test
    void watchesDeliverPutsDeletesAndExpiriesOnAnotherThread() throws Exception {
        List<KvEvent> events = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (AutoCloseable w = store().watch(p + "w/", e -> {
            events.add(e);
            threads.add(Thread.currentThread().getName());
        }); AutoCloseable exact = store().watch(p + "exact", events::add)) {
            store().put(p + "w/a", "1", Precondition.none(), null);
            store().put(p + "unwatched", "1", Precondition.none(), null);
            store().delete(p + "w/a", Precondition.none());
            store().put(p + "w/lease", "1", Precondition.none(), shortTtl());
            store().put(p + "exact", "e", Precondition.none(), null);
            store().put(p + "exactly-not", "e", Precondition.none(), null);
            await().atMost(shortTtl().plus(expirySlack()).plusSeconds(3)).until(() -> events.size() >= 5);
        }
        List<String> seen = events.stream().map(e -> e.type() + " " + e.key().substring(p.length())).toList();
        assertTrue(seen.containsAll(List.of("PUT w/a", "DELETE w/a", "PUT w/lease", "EXPIRE w/lease", "PUT exact")),
                "events " + seen);
        assertEquals(5, seen.size(), "events " + seen);
        assertTrue(seen.indexOf("PUT w/a") < seen.indexOf("DELETE w/a"));
        threads.forEach(t -> assertNotEquals(Thread.currentThread().getName(), t));
    }

    @Test
    void closedWatchStopsDelivering() throws Exception {
        List<KvEvent> events = new CopyOnWriteArrayList<>();
        AutoCloseable w = store().watch(p, events::add);
        store().put(p + "a", "1", Precondition.none(), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        w.close();
        store().put(p + "b", "1", Precondition.none(), null);
        List<KvEvent> control = new CopyOnWriteArrayList<>();
        try (AutoCloseable c = store().watch(p, control::add)) {
            store().put(p + "c", "1", Precondition.none(), null);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> control.stream().anyMatch(e -> e.key().equals(p + "c")));
        }
        assertEquals(List.of(p + "a"), events.stream().map(KvEvent::key).toList());
    }

    protected void awaitGone(String key, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> store().get(key, ReadMode.LINEARIZABLE).isEmpty());
    }

    protected static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
