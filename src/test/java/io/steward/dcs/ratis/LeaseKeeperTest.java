package io.steward.dcs.ratis;

import io.steward.dcs.KvTable;
import io.steward.dcs.Precondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DCS lease keeper on a real table and its own thread: never early, prompt when due, woken by changes. */
class LeaseKeeperTest {

    private final KvTable table = new KvTable(e -> { });
    private final List<Expiry> proposed = new CopyOnWriteArrayList<>();
    private final AtomicBoolean leader = new AtomicBoolean(true);
    private LeaseKeeper keeper;

    private record Expiry(String key, long modIndex, long atNanos) {
    }

    @AfterEach
    void close() {
        if (keeper != null) {
            keeper.close();
        }
    }

    private void start(Duration idle) {
        BooleanSupplier isLeader = leader::get;
        keeper = new LeaseKeeper(table, isLeader, (key, modIndex) -> {
            proposed.add(new Expiry(key, modIndex, System.nanoTime()));
            table.expireIfUnchanged(key, modIndex, modIndex + 1000);
            return CompletableFuture.completedFuture(null);
        }, Duration.ofMillis(50), idle, "test");
    }

    private long put(String key, Duration ttl, long index) {
        long at = System.nanoTime();
        table.put(key, "v", Precondition.none(), ttl, index, at);
        return at;
    }

    private static void awaitTrue(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void expiresALeaseAtItsDeadlineNeverBefore() throws InterruptedException {
        start(Duration.ofSeconds(30));
        long appliedAt = put("/a", Duration.ofMillis(300), 1);
        keeper.nudge();
        awaitTrue(() -> !proposed.isEmpty(), Duration.ofSeconds(5), "the expiry of /a");
        Expiry e = proposed.get(0);
        assertEquals("/a", e.key());
        assertEquals(1, e.modIndex());
        long afterNanos = e.atNanos() - appliedAt;
        assertTrue(afterNanos >= Duration.ofMillis(300).toNanos(), "expired early: " + afterNanos / 1_000_000 + " ms");
        assertTrue(table.get("/a").isEmpty(), "the lease is gone");
    }

    @Test
    void aNudgeWakesItForALeaseDueBeforeItsCurrentSleepEnds() throws InterruptedException {
        start(Duration.ofSeconds(30));
        put("/long", Duration.ofSeconds(20), 1);
        keeper.nudge();
        Thread.sleep(100); // let it settle into its 20 s sleep
        put("/short", Duration.ofMillis(200), 2);
        keeper.nudge();
        // without the nudge it would sleep until /long is due, 20 s from now
        awaitTrue(() -> table.get("/short").isEmpty(), Duration.ofSeconds(5), "the expiry of /short");
        assertTrue(table.get("/long").isPresent(), "the long lease is not due");
        assertEquals(List.of("/short"), proposed.stream().map(Expiry::key).toList());
    }

    @Test
    void aRenewedLeaseIsNotExpiredAtItsOldDeadline() throws InterruptedException {
        start(Duration.ofSeconds(30));
        put("/r", Duration.ofMillis(400), 1);
        keeper.nudge();
        Thread.sleep(200);
        long renewedAt = put("/r", Duration.ofMillis(400), 2);
        keeper.nudge();
        awaitTrue(() -> !proposed.isEmpty(), Duration.ofSeconds(5), "the expiry of the renewed /r");
        Expiry e = proposed.get(0);
        assertEquals(2, e.modIndex(), "only the renewal's lease is expired");
        assertTrue(e.atNanos() - renewedAt >= Duration.ofMillis(400).toNanos(), "expired before the renewed deadline");
    }

    @Test
    void aFollowerExpiresNothingUntilItBecomesLeader() throws InterruptedException {
        leader.set(false);
        start(Duration.ofSeconds(30));
        put("/f", Duration.ofMillis(100), 1);
        keeper.nudge();
        Thread.sleep(400);
        assertTrue(proposed.isEmpty(), "a follower proposed " + proposed);
        leader.set(true);
        keeper.nudge(); // the state machine nudges on leader changes
        awaitTrue(() -> table.get("/f").isEmpty(), Duration.ofSeconds(5), "the expiry by the new leader");
    }

    @Test
    void withoutNudgesTheIdleLimitStillBringsItBack() throws InterruptedException {
        leader.set(false);
        start(Duration.ofMillis(200));
        put("/i", Duration.ofMillis(100), 1);
        Thread.sleep(100);
        leader.set(true); // no nudge
        awaitTrue(() -> table.get("/i").isEmpty(), Duration.ofSeconds(5), "the expiry after the idle limit");
    }
}
