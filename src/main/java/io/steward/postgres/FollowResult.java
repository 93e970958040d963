package io.steward.postgres;

/**
 * What following a leader took.
 *
 * @param action RELOADED (same postmaster, new primary_conninfo), RESTARTED (was primary, or PostgreSQL older than
 *     13), or STARTED (was stopped)
 * @param pid the postmaster pid afterwards
 */
public record FollowResult(Action action, long pid) {
    public enum Action { RELOADED, RESTARTED, STARTED }
}
