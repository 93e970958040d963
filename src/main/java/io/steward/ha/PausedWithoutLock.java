package io.steward.ha;

import io.steward.ha.Action.AcquireLeader;
import io.steward.ha.Action.Warn;
import io.steward.model.FailoverIntent;
import io.steward.model.LocalView;

/**
 * Paused and nobody holds the leader lock. Replicas are never promoted on their own; a running primary whose system
 * id matches the cluster's takes the lock (first wins). A manual failover naming a candidate overrides both: only the
 * candidate may take the lock, promoting itself if it is a replica (no running primary needed).
 */
final class PausedWithoutLock {

    private PausedWithoutLock() {
    }

    static Decision handle(Tick t) {
        FailoverIntent f = t.cluster().failover();
        if (f != null && f.candidate() != null && !f.isScheduled()) {
            return manualFailover(t, f.candidate());
        }
        LocalView l = t.local();
        if (!l.isRunning()) {
            return Decision.of("postgres is not running");
        }
        if (!l.isRunningPrimary()) {
            return Decision.of("no action. I am (" + t.me() + "), a secondary, and there is no leader lock");
        }
        String sysid = t.cluster().initialize();
        if (sysid == null || !sysid.equals(l.systemId())) {
            String why = sysid == null ? "the cluster has no initialize key"
                    : "the system ID of the data directory is unknown";
            return Decision.of("continue to run as primary without lock: " + why,
                    new Warn("primary " + t.me() + " runs without the leader lock: " + why));
        }
        return Decision.of("acquired session lock as a leader", new AcquireLeader())
                .ifLost("another primary acquired the leader lock first");
    }

    private static Decision manualFailover(Tick t, String candidate) {
        if (!candidate.equals(t.me())) {
            String msg = "manual failover: waiting for the candidate (" + candidate + ") to take the leader lock";
            return t.local().isRunningPrimary()
                    ? Decision.of(msg, new Warn("primary " + t.me() + " runs without the leader lock; only "
                    + candidate + " may take it"))
                    : Decision.of(msg);
        }
        if (!t.local().isRunning()) {
            return Decision.of("manual failover: I am the candidate but postgres is not running");
        }
        return LeaderRace.takeLock(t, "manual failover: ");
    }
}
