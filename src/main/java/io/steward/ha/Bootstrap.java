package io.steward.ha;

import io.steward.ha.Action.CloneFrom;
import io.steward.ha.Action.InitializeCluster;
import io.steward.ha.Action.ReleaseLeader;
import io.steward.ha.Action.StopMode;
import io.steward.ha.Action.StopPostgres;
import io.steward.ha.Action.WriteInitialize;
import io.steward.model.LocalRequest;
import io.steward.model.PgRole;
import io.steward.model.PgState;

import java.util.ArrayList;
import java.util.List;

/** A node without data (bootstrap or clone), and a node with data in a cluster that has no initialize key. */
final class Bootstrap {

    private Bootstrap() {
    }

    static Decision withEmptyDataDir(Tick t) {
        if (t.iHoldLock()) {
            return releaseLockWithEmptyDataDir(t);
        }
        if (t.local().request() instanceof LocalRequest.Reinit) {
            return Requests.handle(t);
        }
        if (t.paused()) {
            return Decision.of("running with empty data directory");
        }
        if (t.cluster().hasLeader()) {
            String source = t.cloneSource();
            String kind = source.equals(t.leaderName()) ? "leader" : "replica";
            return Decision.of("trying to bootstrap from " + kind + " '" + source + "'",
                    new CloneFrom(source, t.followTarget()));
        }
        if (t.cluster().initialize() == null && !t.local().tags().nofailover()) {
            return Decision.of("trying to bootstrap a new cluster", new InitializeCluster())
                    .ifLost("failed to acquire initialize lock");
        }
        return Decision.of("waiting for leader to bootstrap");
    }

    private static Decision releaseLockWithEmptyDataDir(Tick t) {
        List<Action> steps = new ArrayList<>();
        PgState s = t.local().state();
        if (s == PgState.RUNNING || s == PgState.STARTING || s == PgState.NOT_RESPONDING) {
            steps.add(new StopPostgres(StopMode.IMMEDIATE));
        }
        steps.add(new ReleaseLeader());
        return Decision.of("released leader key voluntarily as data dir empty and currently leader", steps);
    }

    /**
     * Data present, nobody holds the lock, no initialize key, not paused: a node that may lead claims the cluster
     * for its data; a running replica refuses to start the cluster from itself.
     */
    static Decision withoutInitializeKey(Tick t) {
        String sysid = t.local().systemId();
        if (sysid == null) {
            return Decision.of("data directory is not empty but its system ID is unknown;"
                    + " consider reinitializing this member");
        }
        if (t.local().isRunning() && t.local().role() != PgRole.PRIMARY) {
            return Decision.of("no initialize key in DCS and postgres is running as replica;"
                    + " start the agent on the primary first");
        }
        if (t.local().tags().nofailover()) {
            return Decision.of("waiting for leader to bootstrap");
        }
        return Decision.of("taking ownership of the cluster for the existing data directory (system ID "
                + sysid + ")", new WriteInitialize(sysid)).ifLost("another member initialized the cluster first");
    }
}
