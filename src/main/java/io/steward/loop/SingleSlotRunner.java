package io.steward.loop;

import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs at most one long action (bootstrap, clone, rewind, restart, reinitialize) at a time on its own thread, so the
 * HA loop keeps ticking, and the leader keeps renewing its lease, while it runs.
 */
public final class SingleSlotRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SingleSlotRunner.class);

    /** A long action. May throw; the failure is logged and the slot freed. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "steward-runner");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<String> busy = new AtomicReference<>();
    private volatile java.util.concurrent.Future<?> current;
    private final Runnable onDone;

    /** @param onDone called after every action (e.g. to wake the loop) */
    public SingleSlotRunner(Runnable onDone) {
        this.onDone = onDone;
    }

    /** Starts {@code task} unless another action is running. Returns false (and does nothing) when busy. */
    public boolean trySubmit(String name, Task task) {
        if (!busy.compareAndSet(null, name)) {
            return false;
        }
        current = executor.submit(() -> runAndRecord(name, task));
        return true;
    }

    private void runAndRecord(String name, Task task) {
        try {
            task.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warnf("%s interrupted", name);
        } catch (Exception e) {
            LOG.warnf("%s failed: %s", name, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            busy.set(null);
        }
        onDone.run();
    }

    /** Interrupts the running action (a safety demotion must not wait for a clone or a restart). */
    public void cancel() {
        java.util.concurrent.Future<?> f = current;
        if (f != null && busy.get() != null) {
            LOG.warnf("cancelling %s", busy.get());
            f.cancel(true);
        }
    }

    /** The name of the running action, or null when idle. */
    public String busy() {
        return busy.get();
    }


    @Override
    public void close() {
        executor.shutdownNow();
    }
}
