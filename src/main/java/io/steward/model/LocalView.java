package io.steward.model;

import java.time.Instant;
import java.util.Map;

/**
 * What this node observes of itself in one tick of the HA loop. Immutable; build it with {@link #builder(String)}
 * and copy it with {@link #toBuilder()}.
 *
 * @param name                 this member's name
 * @param tags                 this member's tags
 * @param dataDirEmpty         the data directory is missing or empty
 * @param state                PostgreSQL's state as probed
 * @param role                 PostgreSQL's role as probed (primary when not in recovery)
 * @param timeline             current timeline, 0 when unknown
 * @param lsn                  write LSN on a primary, max(received, replayed) on a replica; 0 when unknown
 * @param systemId             system identifier of the data directory (pg_controldata), null when unknown
 * @param upstream             member this node's primary_conninfo points at, null when none
 * @param walReceiverStreaming the WAL receiver is connected (informational: health, member key)
 * @param pendingRestart       PostgreSQL has settings that wait for a restart
 * @param dcsReachable         the last DCS read succeeded; when false the ClusterView is the last known one
 * @param leaseValid           this node holds the lease and its own deadline (last confirmed renewal sent at s,
 *                             s + ttl - margin on the monotonic clock) has not passed
 * @param pgDownSince          when PostgreSQL was first found not running while this node was primary or held the
 *                             lease; null otherwise (cleared once it runs again)
 * @param runnerBusy           name of the long action in the single-slot runner (e.g. "restart"), null when idle
 * @param rewindNeeded         true if this node's timeline diverged from the leader's (pg_rewind or reinit needed),
 *                             false if checked and not needed, null when not checked
 * @param request              pending operator request for this node, or null
 * @param peerLsns             LSNs of peers reached over their REST API this tick (probed when nobody holds the
 *                             lease); a missing name means unreachable
 * @param justResumed          from the first tick after a resume until one where the sanity facts (systemId, and
 *                             rewindNeeded when another node leads) are known
 * @param rewindFailures       pg_rewind attempts that failed in a row (0 after a success or a fresh copy)
 * @param rewindRetryAt        after a failed pg_rewind, the earliest time to try again; null when none failed
 */
public record LocalView(String name, Tags tags, boolean dataDirEmpty, PgState state, PgRole role, long timeline,
                        long lsn, String systemId, String upstream, boolean walReceiverStreaming,
                        boolean pendingRestart, boolean dcsReachable, boolean leaseValid, Instant pgDownSince,
                        String runnerBusy, Boolean rewindNeeded, LocalRequest request, Map<String, Long> peerLsns,
                        boolean justResumed, int rewindFailures, Instant rewindRetryAt) {

    public LocalView {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("LocalView needs this member's name");
        }
        tags = tags == null ? Tags.NONE : tags;
        state = state == null ? PgState.UNKNOWN : state;
        role = role == null ? PgRole.UNKNOWN : role;
        peerLsns = peerLsns == null ? Map.of() : Map.copyOf(peerLsns);
    }

    public boolean isRunning() {
        return state == PgState.RUNNING;
    }

    public boolean isRunningPrimary() {
        return isRunning() && role == PgRole.PRIMARY;
    }

    public boolean isRunningReplica() {
        return isRunning() && role != PgRole.PRIMARY;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.tags = tags;
        b.dataDirEmpty = dataDirEmpty;
        b.state = state;
        b.role = role;
        b.timeline = timeline;
        b.lsn = lsn;
        b.systemId = systemId;
        b.upstream = upstream;
        b.walReceiverStreaming = walReceiverStreaming;
        b.pendingRestart = pendingRestart;
        b.dcsReachable = dcsReachable;
        b.leaseValid = leaseValid;
        b.pgDownSince = pgDownSince;
        b.runnerBusy = runnerBusy;
        b.rewindNeeded = rewindNeeded;
        b.request = request;
        b.peerLsns = peerLsns;
        b.justResumed = justResumed;
        b.rewindFailures = rewindFailures;
        b.rewindRetryAt = rewindRetryAt;
        return b;
    }

    /** Fluent builder; defaults: no tags, data present, state unknown, DCS reachable, no lease, nothing pending. */
    public static final class Builder {
        private final String name;
        private Tags tags = Tags.NONE;
        private boolean dataDirEmpty;
        private PgState state = PgState.UNKNOWN;
        private PgRole role = PgRole.UNKNOWN;
        private long timeline;
        private long lsn;
        private String systemId;
        private String upstream;
        private boolean walReceiverStreaming;
        private boolean pendingRestart;
        private boolean dcsReachable = true;
        private boolean leaseValid;
        private Instant pgDownSince;
        private String runnerBusy;
        private Boolean rewindNeeded;
        private LocalRequest request;
        private Map<String, Long> peerLsns = Map.of();
        private boolean justResumed;
        private int rewindFailures;
        private Instant rewindRetryAt;

        private Builder(String name) {
            this.name = name;
        }

        public Builder tags(Tags v) { tags = v; return this; }
        public Builder dataDirEmpty(boolean v) { dataDirEmpty = v; return this; }
        public Builder state(PgState v) { state = v; return this; }
        public Builder role(PgRole v) { role = v; return this; }
        public Builder timeline(long v) { timeline = v; return this; }
        public Builder lsn(long v) { lsn = v; return this; }
        public Builder systemId(String v) { systemId = v; return this; }
        public Builder upstream(String v) { upstream = v; return this; }
        public Builder walReceiverStreaming(boolean v) { walReceiverStreaming = v; return this; }
        public Builder pendingRestart(boolean v) { pendingRestart = v; return this; }
        public Builder dcsReachable(boolean v) { dcsReachable = v; return this; }
        public Builder leaseValid(boolean v) { leaseValid = v; return this; }
        public Builder pgDownSince(Instant v) { pgDownSince = v; return this; }
        public Builder runnerBusy(String v) { runnerBusy = v; return this; }
        public Builder rewindNeeded(Boolean v) { rewindNeeded = v; return this; }
        public Builder rewindBackoff(int failures, Instant retryAt) {
            rewindFailures = failures;
            rewindRetryAt = retryAt;
            return this;
        }
        public Builder request(LocalRequest v) { request = v; return this; }
        public Builder peerLsns(Map<String, Long> v) { peerLsns = v; return this; }
        public Builder justResumed(boolean v) { justResumed = v; return this; }

        public LocalView build() {
            return new LocalView(name, tags, dataDirEmpty, state, role, timeline, lsn, systemId, upstream,
                    walReceiverStreaming, pendingRestart, dcsReachable, leaseValid, pgDownSince, runnerBusy,
                    rewindNeeded, request, peerLsns, justResumed, rewindFailures, rewindRetryAt);
        }
    }
}
