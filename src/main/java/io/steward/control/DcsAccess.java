package io.steward.control;

import io.steward.dcs.Dcs;
import io.steward.dcs.DcsRejected;
import io.steward.dcs.DcsUnavailable;
import io.steward.model.ClusterView;

import java.time.Duration;
import java.util.function.Function;

/**
 * The control plane's way into the DCS: typed DCS failures become {@link ControlException}s, and waits poll the DCS
 * until a condition holds or a deadline passes (measured on the monotonic clock).
 */
final class DcsAccess {

    /** A DCS call that may fail with {@link DcsUnavailable}. */
    interface DcsCall<T> {
        T call() throws DcsUnavailable;
    }

    private final Dcs dcs;
    private final Duration pollInterval;

    DcsAccess(Dcs dcs, Duration pollInterval) {
        this.dcs = dcs;
        this.pollInterval = pollInterval;
    }

    /** Linearizable read, for validation. */
    ClusterView read() {
        return call("reading the cluster state", dcs::read);
    }

    /** Local read, for display. */
    ClusterView readLocal() {
        return dcs.readLocal();
    }

    /**
     * For what operators read back right after a change (stewardctl list after pause): linearizable, so this agent's
     * answer never predates a write another agent already confirmed; this peer's local copy when there is no quorum.
     */
    ClusterView readFresh() {
        try {
            return dcs.read();
        } catch (DcsUnavailable e) {
            return dcs.readLocal();
        }
    }

    <T> T call(String what, DcsCall<T> c) {
        try {
            return c.call();
        } catch (DcsUnavailable e) {
            throw new ControlException(ControlException.Kind.UNAVAILABLE,
                    "DCS unavailable while " + what + ": " + e.getMessage(), e);
        } catch (DcsRejected e) {
            throw new ControlException(ControlException.Kind.INVALID_ARGUMENT,
                    "DCS refused the request while " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Polls the DCS until {@code done} answers null (the condition holds) or the deadline passes; then throws
     * DEADLINE_EXCEEDED with the last answer of {@code done}, which describes what is still missing.
     */
    void awaitCondition(Duration timeout, Function<ClusterView, String> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String missing;
        while (true) {
            ClusterView view = tryRead();
            missing = view == null ? "the DCS did not answer" : done.apply(view);
            if (missing == null) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ControlException(ControlException.Kind.DEADLINE_EXCEEDED,
                        "Timed out after " + timeout.toSeconds() + "s: " + missing);
            }
            sleep();
        }
    }

    private ClusterView tryRead() {
        try {
            return dcs.read();
        } catch (DcsUnavailable e) {
            return null;
        }
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(ControlException.Kind.ABORTED, "Interrupted while waiting for the cluster", e);
        }
    }
}
