package io.steward.bench;

import io.steward.dcs.DcsUnavailable;
import io.steward.dcs.KvEvent;
import io.steward.dcs.KvResult;
import io.steward.dcs.Precondition;
import io.steward.dcs.ReadMode;
import io.steward.dcs.ratis.RatisKvStore;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One lease expiry round on a running {@link BenchGroup}: a follower peer acquires a lease key, renews it 0.5 s later
 * with a compare-and-set (so the first lease must not be what expires), and watches the key; the result is the
 * moment its watch saw the removal minus (the moment the renewal was sent + ttl). Optionally the Raft leader is
 * closed 1 s after the renewal, so another peer has to expire the lease; it is restarted afterwards.
 */
final class LeaseExpiryProbe {

    /** What one round observed. {@code errorNanos} below zero means the lease expired early. */
    record Outcome(long errorNanos, KvEvent.Type type, long electionNanos, long closeNanos,
                   boolean leaderMovedBeforeKill) {
    }

    private record Seen(long atNanos, KvEvent.Type type) {
    }

    private static final Duration FIRST_TO_RENEWAL = Duration.ofMillis(500);
    private static final Duration KILL_AFTER_RENEWAL = Duration.ofSeconds(1);
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);

    private final BenchGroup group;
    private final Duration ttl;

    LeaseExpiryProbe(BenchGroup group, Duration ttl) {
        this.group = group;
        this.ttl = ttl;
    }

    Outcome round(String key, boolean killLeader) throws Exception {
        int leader = group.awaitLeader(WAIT_LIMIT);
        int watcher = group.otherThan(leader);
        RatisKvStore store = group.store(watcher);
        CompletableFuture<Seen> removed = new CompletableFuture<>();
        try (AutoCloseable w = store.watch(key, e -> {
            if (e.type() != KvEvent.Type.PUT) {
                removed.complete(new Seen(System.nanoTime(), e.type()));
            }
        })) {
            long sent = acquireAndRenew(store, key, removed);
            if (!killLeader) {
                return outcome(await(removed, key), sent, 0, 0, false);
            }
            Pause.until(sent + KILL_AFTER_RENEWAL.toNanos());
            int current = group.awaitLeader(WAIT_LIMIT);
            require(current != watcher, "the watching peer became Raft leader before the kill; round void");
            long killedAt = System.nanoTime();
            CompletableFuture<Long> elected = CompletableFuture.supplyAsync(() -> awaitNewLeader(current));
            group.stop(current);
            long closeNanos = System.nanoTime() - killedAt;
            long electionNanos = elected.join() - killedAt;
            Seen seen = await(removed, key);
            restartAndCatchUp(current, watcher, key);
            return outcome(seen, sent, electionNanos, closeNanos, current != leader);
        }
    }

    /** Acquires the lease, renews it by compare-and-set; returns when the renewal was sent (System.nanoTime). */
    private long acquireAndRenew(RatisKvStore store, String key, CompletableFuture<Seen> removed)
            throws DcsUnavailable {
        KvResult first = store.put(key, "holder", Precondition.absent(), ttl);
        require(first.succeeded(), "the first lease put on " + key + " found the key present");
        Pause.millis(FIRST_TO_RENEWAL.toMillis());
        long sent = System.nanoTime();
        KvResult renewal = store.put(key, "holder", Precondition.modIndexEquals(first.current().modIndex()), ttl);
        require(renewal.succeeded() && !removed.isDone(), "the renewal of " + key + " lost its lease");
        return sent;
    }

    private Outcome outcome(Seen seen, long sent, long electionNanos, long closeNanos, boolean moved) {
        return new Outcome(seen.atNanos() - sent - ttl.toNanos(), seen.type(), electionNanos, closeNanos, moved);
    }

    /** Polls every 5 ms until a peer other than {@code old} is the ready Raft leader; returns when (nanoTime). */
    private long awaitNewLeader(int old) {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < group.size(); i++) {
                if (i != old && group.isReadyLeader(i)) {
                    return System.nanoTime();
                }
            }
            Pause.millis(5);
        }
        throw new IllegalStateException("no new Raft leader within " + WAIT_LIMIT + " after closing peer " + old);
    }

    private Seen await(CompletableFuture<Seen> removed, String key)
            throws InterruptedException, ExecutionException {
        try {
            return removed.get(ttl.plus(WAIT_LIMIT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("lease " + key + " did not expire within ttl + " + WAIT_LIMIT, e);
        }
    }

    /** Restarts the closed peer and waits until its own state has applied a write made after it went down. */
    private void restartAndCatchUp(int peer, int via, String key) throws DcsUnavailable {
        String marker = key + "-caught-up";
        group.store(via).put(marker, "x", Precondition.none(), null);
        group.start(peer);
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (group.store(peer).get(marker, ReadMode.LOCAL).isEmpty()) {
            require(System.nanoTime() < deadline, "restarted peer " + peer + " did not catch up within " + WAIT_LIMIT);
            Pause.millis(10);
        }
        group.awaitLeader(WAIT_LIMIT);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
