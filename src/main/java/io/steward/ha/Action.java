package io.steward.ha;

import java.util.Set;
import java.util.TreeSet;

/**
 * One step the HA loop's executor performs, in list order. The steps marked "race" are compare-and-set operations in
 * the DCS: when one returns false the executor skips the rest of the list and logs {@link Decision#ifRaceLost()}.
 * Steps marked "long" may be handed to the single-slot runner; the actions after a long one run after it finishes.
 */
public sealed interface Action {

    /** A short, stable rendering such as {@code Follow(node2)}, for logs and tests. */
    String describe();

    /** How to stop PostgreSQL. */
    enum StopMode { FAST, IMMEDIATE }

    /** How to stop being a primary. */
    enum DemoteKind {
        /** switchover: stop with a shutdown checkpoint (waiting for replicas to receive it), restart read-only */
        GRACEFUL,
        /** safety: stop at once (no checkpoint), restart read-only */
        IMMEDIATE,
        /** stop and stay stopped */
        OFFLINE
    }

    /** Race: {@code Dcs.tryAcquireLeader(name, ttl)}; on success the loop arms its lease deadline. */
    record AcquireLeader() implements Action {
        public String describe() { return "AcquireLeader"; }
    }

    /** Race: {@code Dcs.renewLeader(name, ttl)}; on success re-arm the lease deadline from the time it was sent. */
    record RenewLeader() implements Action {
        public String describe() { return "RenewLeader"; }
    }

    /** {@code Dcs.releaseLeader(name)}; the loop forgets its lease deadline. */
    record ReleaseLeader() implements Action {
        public String describe() { return "ReleaseLeader"; }
    }

    /**
     * Race, long: bootstrap a new cluster into the empty data directory. Win the {@code initialize} key
     * ({@code Dcs.initialize}), initdb, start as primary, take the lease; on any failure after winning give the
     * key back ({@code Dcs.cancelInitialize}) and empty the data directory.
     */
    record InitializeCluster() implements Action {
        public String describe() { return "InitializeCluster"; }
    }

    /** Race: write {@code initialize} with this data directory's system id ({@code Dcs.initialize(systemId)}). */
    record WriteInitialize(String systemId) implements Action {
        public String describe() { return "WriteInitialize(" + systemId + ")"; }
    }

    /** Long: pg_basebackup from {@code source} into the empty data directory, then start as a replica of upstream. */
    record CloneFrom(String source, String upstream) implements Action {
        public String describe() { return "CloneFrom(" + source + "," + upstream + ")"; }
    }

    /**
     * Long: write standby.signal and primary_conninfo for {@code upstream} (none if null), then start. A crashed
     * primary that still holds the lock is also started this way; the next tick promotes it if it still holds it.
     */
    record StartAsReplica(String upstream) implements Action {
        public String describe() { return "StartAsReplica(" + upstream + ")"; }
    }

    /** Stop PostgreSQL. */
    record StopPostgres(StopMode mode) implements Action {
        public String describe() { return "StopPostgres(" + mode + ")"; }
    }

    /** Long: restart PostgreSQL keeping its role and configuration (starts it if stopped); consumes the request. */
    record RestartPostgres() implements Action {
        public String describe() { return "RestartPostgres"; }
    }

    /** Long: pg_ctl promote. The executor checks the lease deadline right before promoting and skips it if passed. */
    record Promote() implements Action {
        public String describe() { return "Promote"; }
    }

    /**
     * Stop being a primary. GRACEFUL and IMMEDIATE restart read-only with primary_conninfo pointing at
     * {@code upstream} (none if null); OFFLINE leaves PostgreSQL stopped.
     */
    record Demote(DemoteKind kind, String upstream) implements Action {
        public String describe() { return "Demote(" + kind + "," + upstream + ")"; }
    }

    /** Point primary_conninfo at {@code upstream} (reload, or restart if the server needs it). */
    record Follow(String upstream) implements Action {
        public String describe() { return "Follow(" + upstream + ")"; }
    }

    /**
     * Long: make sure the server is cleanly shut down, pg_rewind from {@code source}, start as a replica of it. If
     * pg_rewind fails and {@code wipeOnFailure}, empty the data directory (the next ticks clone it again).
     */
    record Rewind(String source, boolean wipeOnFailure) implements Action {
        public String describe() { return "Rewind(" + source + (wipeOnFailure ? ",wipe" : "") + ")"; }
    }

    /** Long: stop, empty the data directory, clone from {@code source}, start as a replica of upstream; consumes the request. */
    record Reinitialize(String source, String upstream) implements Action {
        public String describe() { return "Reinitialize(" + source + "," + upstream + ")"; }
    }

    /** Race: delete the failover intent if its index is still {@code index} ({@code Dcs.casFailover(null, index)}). */
    record ClearFailover(long index) implements Action {
        public String describe() { return "ClearFailover(" + index + ")"; }
    }

    /** {@code Dcs.publishStatus(optime, slots)}, the slots' positions read from the local server. */
    record PublishStatus(long optime) implements Action {
        public String describe() { return "PublishStatus(" + optime + ")"; }
    }

    /** Read the local timeline history files and {@code Dcs.publishHistory} them. */
    record PublishHistory() implements Action {
        public String describe() { return "PublishHistory"; }
    }

    /**
     * Make the local physical replication slots match {@code slots}: create the missing ones; drop the others only
     * if {@code dropAllowed} (never while paused).
     */
    record SyncSlots(Set<String> slots, boolean dropAllowed) implements Action {
        public SyncSlots {
            slots = Set.copyOf(slots);
        }

        public String describe() {
            return "SyncSlots(" + String.join(",", new TreeSet<>(slots)) + (dropAllowed ? "" : ",keep") + ")";
        }
    }

    /** Log {@code text} at WARN level. */
    record Warn(String text) implements Action {
        public String describe() { return "Warn"; }
    }

    /** Cancel the long action in the runner (and kill a PostgreSQL it may have started). */
    record CancelLongAction() implements Action {
        public String describe() { return "CancelLongAction"; }
    }

    /** Clear the pending {@code LocalRequest} without running it, reporting {@code outcome} to whoever asked. */
    record DropRequest(String outcome) implements Action {
        public String describe() { return "DropRequest"; }
    }
}
