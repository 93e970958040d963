package io.steward.agent;

import io.steward.control.ControlException;
import io.steward.control.LocalNode;
import io.steward.control.NodeStatus;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A DCS-only agent (no {@code postgresql} section): a Raft voter that keeps the quorum, with no database. */
final class WitnessNode implements LocalNode {

    private final String name;
    private final String scope;
    private final Instant started = Instant.now();

    WitnessNode(String name, String scope) {
        this.name = name;
        this.scope = scope;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NodeStatus status() {
        return new NodeStatus(name, scope, PgState.UNKNOWN, PgRole.UNKNOWN, 0, 0, 0, 0, null, null, false, false,
                null, false, false, null, "DCS witness: no PostgreSQL on this member", Instant.now(), started, true,
                true, Tags.NONE, List.of(), null, null, true);
    }

    @Override
    public void wake() {
        // nothing to wake: a witness runs no HA loop
    }

    @Override
    public String requestRestart(boolean pendingOnly, String role, Instant scheduledAt, Duration timeout) {
        throw refused();
    }

    @Override
    public boolean cancelScheduledRestart() {
        return false;
    }

    @Override
    public String requestReinitialize(boolean force, boolean fromLeader, boolean wait, Duration timeout) {
        throw refused();
    }

    @Override
    public String reload() {
        throw refused();
    }

    private ControlException refused() {
        return new ControlException(ControlException.Kind.FAILED_PRECONDITION,
                name + " is a DCS witness and runs no PostgreSQL");
    }
}
