package io.steward.dcs;

import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Delivers {@link KvEvent}s to watchers on one dedicated daemon thread, in publish order, so the thread that applies
 * changes never runs listener code. A listener that throws is logged and keeps its registration.
 */
public final class WatchHub implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WatchHub.class);

    private record Watch(String keyOrPrefix, Consumer<KvEvent> listener) {
    }

    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;

    public WatchHub(String threadName) {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    public AutoCloseable register(String keyOrPrefix, Consumer<KvEvent> listener) {
        if (keyOrPrefix == null || listener == null) {
            throw new IllegalArgumentException("watch needs a key or prefix and a listener");
        }
        KvLimits.checkPrefix(keyOrPrefix);
        Watch w = new Watch(keyOrPrefix, listener);
        watches.add(w);
        return () -> watches.remove(w);
    }

    /** Queues the event for delivery; returns at once. */
    public void publish(KvEvent event) {
        if (watches.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> deliver(event));
        } catch (RejectedExecutionException closed) {
            LOG.debugf("watch event for %s dropped: store closed", event.key());
        }
    }

    /** Whether a watch on {@code keyOrPrefix} sees a change of {@code key}. */
    public static boolean matches(String keyOrPrefix, String key) {
        if (keyOrPrefix.isEmpty() || keyOrPrefix.endsWith("/")) {
            return key.startsWith(keyOrPrefix);
        }
        return key.equals(keyOrPrefix);
    }

    private void deliver(KvEvent event) {
        for (Watch w : watches) {
            if (matches(w.keyOrPrefix(), event.key())) {
                try {
                    w.listener().accept(event);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "DCS watch listener on %s failed for %s", w.keyOrPrefix(), event.key());
                }
            }
        }
    }

    @Override
    public void close() {
        watches.clear();
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
