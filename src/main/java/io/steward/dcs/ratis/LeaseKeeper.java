package io.steward.dcs.ratis;

import io.steward.dcs.KvEntry;
import io.steward.dcs.KvTable;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * Expires leases, on the current Raft leader only: every tick it looks for leases whose ttl has passed since this
 * peer applied them (its own monotonic clock) and proposes "delete if still at this modification index". A renewal
 * in between changes the index and turns the proposal into a no-op. On followers it does nothing, so after an
 * election the new leader expires each lease at the deadline it computed when it applied the lease itself.
 */
final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final KvTable table;
    private final BooleanSupplier isLeaderReady;
    private final BiFunction<String, Long, CompletableFuture<?>> proposeExpiry;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    LeaseKeeper(KvTable table, BooleanSupplier isLeaderReady,
                BiFunction<String, Long, CompletableFuture<?>> proposeExpiry, Duration tick, String peerName) {
        this.table = table;
        this.isLeaderReady = isLeaderReady;
        this.proposeExpiry = proposeExpiry;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dcs-lease-keeper-" + peerName);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (!isLeaderReady.getAsBoolean()) {
                return;
            }
            for (KvEntry due : table.dueLeases(System.nanoTime())) {
                propose(due);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "DCS lease expiry check failed");
        }
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
        timer.shutdownNow();
    }
}
