package io.steward.loop;

import io.steward.model.PgRole;
import io.steward.postgres.PgStatus;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The last line of the lease rule: when this node believed it held the lease and its own deadline passed without a
 * confirmed renewal, PostgreSQL stops at once (SIGQUIT to the postmaster: immediate shutdown), whatever the HA loop
 * is doing, unless the cluster is paused. It runs on its own thread so a stuck tick cannot delay it, and sleeps until
 * the deadline rather than polling: a renewal moves the deadline on, so waking at the old one finds nothing to do.
 */
final class LeaseGuard implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseGuard.class);
    /** The longest sleep: how soon a lease acquired while the guard sleeps is looked at (ttl is many times this). */
    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** After a failed check (or once expired), the next look. */
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final LeaseKeeper lease;
    private final BooleanSupplier paused;
    private final Supplier<PgStatus> status;
    private volatile boolean running;
    private Thread thread;

    LeaseGuard(LeaseKeeper lease, BooleanSupplier paused, Supplier<PgStatus> status) {
        this.lease = lease;
        this.paused = paused;
        this.status = status;
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "steward-lease-guard");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            long sleep = RETRY_NANOS;
            try {
                check();
                sleep = nextSleepNanos();
            } catch (RuntimeException e) {
                LOG.warnf("lease guard: %s", e.getMessage());
            }
            LockSupport.parkNanos(this, sleep);
            if (Thread.interrupted()) {
                return;
            }
        }
    }

    /** Until the deadline when a lease is held (but not longer than the longest sleep), else the longest sleep. */
    long nextSleepNanos() {
        if (!lease.held()) {
            return MAX_SLEEP_NANOS;
        }
        long toDeadline = lease.nanosToDeadline();
        return toDeadline <= 0 ? RETRY_NANOS : Math.min(toDeadline, MAX_SLEEP_NANOS);
    }

    void check() {
        if (!lease.expired() || paused.getAsBoolean()) {
            return;
        }
        PgStatus s = status.get();
        lease.lost();
        if (s == null || s.role() != PgRole.PRIMARY) {
            return;
        }
        long pid = s.postmasterPid();
        LOG.errorf("leader lease deadline passed without a confirmed renewal: stopping PostgreSQL (pid %d) now", pid);
        if (pid > 0) {
            stopImmediately(pid);
        }
    }

    private static void stopImmediately(long pid) {
        try {
            Process p = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).redirectErrorStream(true).start();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.errorf("could not signal the postmaster %d: %s", pid, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
