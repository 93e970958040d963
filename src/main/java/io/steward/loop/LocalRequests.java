package io.steward.loop;

import io.steward.control.ControlException;
import io.steward.model.LocalRequest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one pending operator request for this node (restart or reinitialize), handed from the API to the HA loop, and
 * the outcome handed back. A second request while one is pending is refused.
 */
final class LocalRequests {

    private LocalRequest pending;
    private CompletableFuture<String> outcome;

    /** Queues {@code request}; the returned future completes when the loop ran or refused it. */
    synchronized CompletableFuture<String> submit(LocalRequest request) {
        if (pending != null) {
            throw new ControlException(ControlException.Kind.FAILED_PRECONDITION,
                    "another request is pending on this member: " + describe(pending));
        }
        pending = request;
        outcome = new CompletableFuture<>();
        return outcome;
    }

    synchronized LocalRequest pending() {
        return pending;
    }

    /** The loop finished (or refused) the pending request. */
    synchronized void complete(String text, boolean ok) {
        if (pending == null) {
            return;
        }
        CompletableFuture<String> f = outcome;
        pending = null;
        outcome = null;
        if (ok) {
            f.complete(text);
        } else {
            f.completeExceptionally(new ControlException(ControlException.Kind.FAILED_PRECONDITION, text));
        }
    }

    /** Removes a scheduled restart that has not started. */
    synchronized boolean cancelScheduledRestart() {
        if (pending instanceof LocalRequest.Restart r && r.scheduledAt() != null) {
            complete("scheduled restart cancelled", false);
            return true;
        }
        return false;
    }

    static String await(CompletableFuture<String> f, Duration timeout, String what) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ControlException(ControlException.Kind.DEADLINE_EXCEEDED,
                    what + " did not finish within " + timeout.toSeconds() + " s; it goes on in the background");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ControlException ce) {
                throw ce;
            }
            throw new ControlException(ControlException.Kind.INTERNAL, what + " failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(ControlException.Kind.ABORTED, what + " interrupted");
        }
    }

    static String describe(LocalRequest r) {
        return r instanceof LocalRequest.Reinit ? "reinitialize" : "restart";
    }
}
