package io.steward.dcs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A single-process {@link KvStore} for fast tests: the same {@link KvTable} core as the replicated store, one global
 * modification index, leases that expire on a monotonic clock (System.nanoTime by default). Expiry is checked before
 * every read and by a timer at each lease deadline, so watchers hear about it without a read. Never unavailable.
 */
public final class InMemoryKvStore implements KvStore {

    private final LongSupplier nanoClock;
    private final WatchHub watchHub = new WatchHub("dcs-inmemory-watch");
    private final KvTable table = new KvTable(watchHub::publish);
    private final ScheduledExecutorService expiryTimer;
    private long lastIndex;
    private volatile boolean closed;

    public InMemoryKvStore() {
        this(System::nanoTime);
    }

    /** A store whose lease countdowns follow {@code nanoClock} (monotonic nanoseconds). */
    public InMemoryKvStore(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.expiryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dcs-inmemory-expiry");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Optional<KvEntry> get(String key, ReadMode mode) {
        KvLimits.checkKey(key);
        expireDueLeases();
        return table.get(key);
    }

    @Override
    public List<KvEntry> scan(String prefix, ReadMode mode) {
        KvLimits.checkPrefix(prefix);
        expireDueLeases();
        return table.scan(prefix == null ? "" : prefix);
    }

    @Override
    public KvResult put(String key, String value, Precondition precondition, Duration ttl) {
        KvLimits.checkPut(key, value, precondition, ttl);
        ensureOpen();
        expireDueLeases();
        KvResult result;
        synchronized (this) {
            result = table.put(key, value, precondition, ttl, lastIndex + 1, nanoClock.getAsLong());
            if (result.succeeded()) {
                lastIndex++;
            }
        }
        if (result.succeeded() && ttl != null) {
            scheduleExpiryCheck(ttl);
        }
        return result;
    }

    @Override
    public KvResult delete(String key, Precondition precondition) {
        KvLimits.checkDelete(key, precondition);
        ensureOpen();
        expireDueLeases();
        synchronized (this) {
            KvResult result = table.delete(key, precondition, lastIndex + 1);
            if (result.index() != 0) {
                lastIndex++;
            }
            return result;
        }
    }

    @Override
    public AutoCloseable watch(String keyOrPrefix, Consumer<KvEvent> listener) {
        return watchHub.register(keyOrPrefix, listener);
    }

    /** Expires every lease that is due now; the timer calls it, tests with a manual clock may too. */
    public synchronized void expireDueLeases() {
        for (KvEntry due : table.dueLeases(nanoClock.getAsLong())) {
            if (table.expireIfUnchanged(due.key(), due.modIndex(), lastIndex + 1)) {
                lastIndex++;
            }
        }
    }

    private void scheduleExpiryCheck(Duration ttl) {
        if (closed) {
            return;
        }
        long delayNanos = ttl.toNanos() + TimeUnit.MILLISECONDS.toNanos(1);
        expiryTimer.schedule(this::expireDueLeases, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("in-memory DCS store is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        expiryTimer.shutdownNow();
        watchHub.close();
    }
}
