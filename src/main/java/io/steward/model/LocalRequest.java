package io.steward.model;

import java.time.Instant;

/**
 * An operator request addressed to this node through the API, pending until the HA loop consumes it: the loop puts
 * it in {@link LocalView#request()} and clears it when the decision consumes or refuses it.
 */
public sealed interface LocalRequest {

    /**
     * Restart PostgreSQL on this node (also starts a stopped one).
     *
     * @param pendingOnly only if PostgreSQL reports settings waiting for a restart
     * @param roleFilter  only if the node currently has this role, or null for any role
     * @param scheduledAt when the restart is due, or null for now
     */
    record Restart(boolean pendingOnly, PgRole roleFilter, Instant scheduledAt) implements LocalRequest {

        public static Restart now() {
            return new Restart(false, null, null);
        }
    }

    /**
     * Wipe the data directory and clone it again.
     *
     * @param fromLeader clone from the leader even if a member tagged clonefrom is available
     */
    record Reinit(boolean fromLeader) implements LocalRequest {
    }
}
