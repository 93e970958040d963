package io.steward.dcs.ratis;

import io.steward.dcs.KvEntry;
import io.steward.dcs.KvTable;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * Expires leases, on the current Raft leader only: it looks for leases whose ttl has passed since this peer applied
 * them (its own monotonic clock) and proposes "delete if still at this modification index". A renewal in between
 * changes the index and turns the proposal into a no-op. On followers it does nothing, so after an election the new
 * leader expires each lease at the deadline it computed when it applied the lease itself.
 *
 * <p>It does not poll: it sleeps until the earliest lease deadline, and is woken early by {@link #nudge()} whenever
 * the table or this peer's role changes (a new lease may be due sooner, or this peer just became leader). An idle
 * cluster whose leases are renewed well before their deadline costs a wake-up per renewal, not one per tick.
 */
final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final KvTable table;
    private final BooleanSupplier isLeaderReady;
    private final BiFunction<String, Long, CompletableFuture<?>> proposeExpiry;
    private final long retryNanos;
    private final long idleNanos;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private boolean nudged;
    private volatile boolean closed;

    /**
     * @param retry how soon a due lease whose expiry is still uncommitted is looked at again
     * @param idle  the longest sleep without a nudge (a safety net; nudges normally come first)
     */
    LeaseKeeper(KvTable table, BooleanSupplier isLeaderReady,
                BiFunction<String, Long, CompletableFuture<?>> proposeExpiry, Duration retry, Duration idle,
                String peerName) {
        this.table = table;
        this.isLeaderReady = isLeaderReady;
        this.proposeExpiry = proposeExpiry;
        this.retryNanos = retry.toNanos();
        this.idleNanos = idle.toNanos();
        this.thread = new Thread(this::run, "dcs-lease-keeper-" + peerName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Something changed (an entry applied, a snapshot loaded, a leader elected): look again now. */
    void nudge() {
        lock.lock();
        try {
            nudged = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (!closed) {
            long wakeAt = check(System.nanoTime());
            lock.lock();
            try {
                long remaining = wakeAt - System.nanoTime();
                while (!nudged && !closed && remaining > 0) {
                    remaining = changed.awaitNanos(remaining);
                }
                nudged = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Proposes the expiry of every due lease; returns when to look again. */
    private long check(long now) {
        long wakeAt = now + idleNanos;
        try {
            if (!isLeaderReady.getAsBoolean()) {
                return wakeAt;
            }
            for (KvEntry due : table.dueLeases(now)) {
                propose(due);
            }
            OptionalLong next = table.nextLeaseDeadline(now);
            if (next.isPresent()) {
                // a lease already due (its expiry in flight) is looked at again after the retry interval
                wakeAt = Math.min(wakeAt, Math.max(next.getAsLong(), now + retryNanos));
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "DCS lease expiry check failed");
            wakeAt = now + retryNanos;
        }
        return wakeAt;
    }

    private void propose(KvEntry due) {
        String token = due.key() + "@" + due.modIndex();
        if (!inFlight.add(token)) {
            return;
        }
        proposeExpiry.apply(due.key(), due.modIndex()).whenComplete((r, e) -> {
            inFlight.remove(token);
            if (e != null) {
                LOG.debugf("DCS lease expiry of %s not committed yet: %s", token, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
