package io.steward.health;

import io.steward.control.NodeStatus;
import io.steward.model.ClusterView;
import io.steward.model.PgRole;
import io.steward.model.Tags;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Every health decision of the agent, as pure functions of the loop's view of this node ({@link NodeStatus}), the
 * DCS view ({@link ClusterView}) and the request's filters. Shared by the Patroni-compatible REST endpoints and the
 * MicroProfile health checks, so both answer the same question the same way. No I/O, no clock: {@code now} is an
 * input.
 */
public final class HealthChecks {

    public static final int OK = 200;
    public static final int UNAVAILABLE = 503;

    /** The outcome of one check: 200 or 503, and one line saying why. */
    public record Verdict(int status, String reason) {

        public boolean ok() {
            return status == OK;
        }

        static Verdict up(String reason) {
            return new Verdict(OK, reason);
        }

        static Verdict down(String reason) {
            return new Verdict(UNAVAILABLE, reason);
        }
    }

    /**
     * Filters of the replica-type endpoints.
     *
     * @param maxLagBytes      {@code ?lag=}: largest accepted distance between the leader's optime and this replica's
     *                         replayed position ({@link Long#MAX_VALUE} for no limit)
     * @param replicationState {@code ?replication_state=}: required replication state, or null
     * @param tags             {@code ?tag_<key>=<value>}: tags this member must carry with these values
     */
    public record ReplicaFilter(long maxLagBytes, String replicationState, Map<String, String> tags) {

        public static final ReplicaFilter NONE = new ReplicaFilter(Long.MAX_VALUE, null, Map.of());

        public ReplicaFilter {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }
    }

    private HealthChecks() {
    }

    /** {@code /}, {@code /primary}, {@code /read-write}: the lock holder running as primary. */
    public static Verdict primary(NodeStatus s, ClusterView v) {
        if (!s.isRunning()) {
            return Verdict.down("PostgreSQL is not running (" + state(s) + ")");
        }
        if (s.role() != PgRole.PRIMARY) {
            return Verdict.down("PostgreSQL is running as " + role(s) + ", not as primary");
        }
        if (s.holdsLease()) {
            return Verdict.up("running as primary with the leader lock");
        }
        if (pausedWithoutDcs(s, v)) {
            return Verdict.up("running as primary, paused and the DCS is unreachable");
        }
        return Verdict.down("running as primary without the leader lock" + leaderSuffix(s, v));
    }

    /** {@code /leader}: this node holds the leader lock, whatever PostgreSQL does. */
    public static Verdict leader(NodeStatus s, ClusterView v) {
        if (s.holdsLease()) {
            return Verdict.up("holds the leader lock");
        }
        if (pausedWithoutDcs(s, v) && s.role() == PgRole.PRIMARY) {
            return Verdict.up("primary, paused and the DCS is unreachable");
        }
        return Verdict.down("does not hold the leader lock" + leaderSuffix(s, v));
    }

    /** {@code /replica}: a running replica without noloadbalance, within the filters. */
    public static Verdict replica(NodeStatus s, ClusterView v, ReplicaFilter f) {
        if (!s.isRunning()) {
            return Verdict.down("PostgreSQL is not running (" + state(s) + ")");
        }
        if (s.role() != PgRole.REPLICA) {
            return Verdict.down("PostgreSQL is running as " + role(s) + ", not as replica");
        }
        if (tags(s).noloadbalance()) {
            return Verdict.down("tagged noloadbalance");
        }
        long lag = lagBehind(v.optime(), s.replayedLsn());
        if (lag > f.maxLagBytes()) {
            return Verdict.down("replay lag " + lag + " bytes exceeds " + f.maxLagBytes());
        }
        String state = replicationState(s);
        if (f.replicationState() != null && !f.replicationState().equals(state)) {
            return Verdict.down("replication state is " + state + ", not " + f.replicationState());
        }
        return withTags(s, f, Verdict.up("running replica, replay lag " + lag + " bytes"));
    }

    /** {@code /read-only}: the primary with the lock, or a replica that passes {@link #replica}. */
    public static Verdict readOnly(NodeStatus s, ClusterView v, ReplicaFilter f) {
        Verdict asPrimary = primary(s, v);
        return asPrimary.ok() ? withTags(s, f, asPrimary) : replica(s, v, f);
    }

    /** {@code /health}: PostgreSQL is running, in any role. */
    public static Verdict health(NodeStatus s, ReplicaFilter f) {
        if (!s.isRunning()) {
            return Verdict.down("PostgreSQL is not running (" + state(s) + ")");
        }
        return withTags(s, f, Verdict.up("PostgreSQL is running as " + role(s)));
    }

    /** {@code /sync}: Steward has no synchronous replication mode, so no member is a synchronous standby. */
    public static Verdict sync() {
        return Verdict.down("no synchronous standby: Steward has no synchronous replication mode");
    }

    /** {@code /async}: every running replica is asynchronous, so this is {@link #replica}. */
    public static Verdict async(NodeStatus s, ClusterView v, ReplicaFilter f) {
        return replica(s, v, f);
    }

    /** {@code /standby-leader}: Steward has no standby clusters. */
    public static Verdict standbyLeader() {
        return Verdict.down("not a standby cluster");
    }

    /**
     * {@code /liveness}: the HA loop completed a tick within ttl (2*ttl unless running as primary). Always up while
     * paused: liveness never restarts an agent because of PostgreSQL or a stuck loop during maintenance.
     */
    public static Verdict liveness(NodeStatus s, ClusterView v, Instant now) {
        if (isPaused(s, v)) {
            return Verdict.up("paused: the HA loop is not required to run");
        }
        if (s.lastLoop() == null) {
            return Verdict.down("the HA loop has not completed a tick yet");
        }
        boolean primary = s.isRunning() && s.role() == PgRole.PRIMARY;
        Duration limit = primary ? v.config().ttl() : v.config().ttl().multipliedBy(2);
        Duration age = Duration.between(s.lastLoop(), now);
        if (age.compareTo(limit) > 0) {
            return Verdict.down("the HA loop last ticked " + seconds(age) + " ago, limit " + seconds(limit));
        }
        return Verdict.up("the HA loop ticked " + seconds(age) + " ago, limit " + seconds(limit));
    }

    /**
     * {@code /readiness} (Patroni's): the lock holder, or a running streaming replica whose lag behind the leader's
     * optime is within {@code maxLag} (maximum_lag_on_failover when null).
     *
     * @param writeMode measure the lag with the received position instead of the replayed one ({@code ?mode=write})
     */
    public static Verdict readiness(NodeStatus s, ClusterView v, Long maxLag, boolean writeMode) {
        if (s.holdsLease()) {
            return Verdict.up("holds the leader lock");
        }
        long position = writeMode ? s.receivedLsn() : s.replayedLsn();
        return streamingReplicaWithinLag(s, v, maxLag == null ? v.config().maximumLagOnFailover() : maxLag,
                position, writeMode ? "write" : "apply");
    }

    /**
     * The MicroProfile readiness: holds the lease as a running primary, or is a running streaming replica whose WAL
     * position (max of received and replayed) is within maximum_lag_on_failover of the leader's optime.
     */
    public static Verdict leaseReadiness(NodeStatus s, ClusterView v) {
        if (s.holdsLease()) {
            return primary(s, v).ok() ? Verdict.up("holds the leader lock as a running primary")
                    : Verdict.down("holds the leader lock but is not a running primary (" + state(s) + ", "
                    + role(s) + ")");
        }
        return streamingReplicaWithinLag(s, v, v.config().maximumLagOnFailover(), s.lsn(), "WAL");
    }

    /** The MicroProfile startup check: the DCS peer joined and the HA loop completed its first tick. */
    public static Verdict startup(NodeStatus s) {
        if (!s.dcsJoined()) {
            return Verdict.down("the DCS peer has not joined a group with a leader yet");
        }
        if (s.lastLoop() == null) {
            return Verdict.down("the DCS is joined, the first HA loop has not completed yet");
        }
        return Verdict.up("the DCS is joined and the first HA loop completed at " + s.lastLoop());
    }

    /** Patroni's replication_state: "streaming" or "in archive recovery" on a running replica, null otherwise. */
    public static String replicationState(NodeStatus s) {
        if (!s.isRunning() || s.role() != PgRole.REPLICA) {
            return null;
        }
        return s.walReceiverStreaming() ? "streaming" : "in archive recovery";
    }

    /** Paused according to the loop or to the DCS. */
    public static boolean isPaused(NodeStatus s, ClusterView v) {
        return s.paused() || v.isPaused();
    }

    /** How many bytes {@code position} is behind {@code optime}; 0 when the optime is unknown or behind. */
    public static long lagBehind(long optime, long position) {
        return optime > position ? optime - position : 0;
    }

    private static Verdict streamingReplicaWithinLag(NodeStatus s, ClusterView v, long maxLag, long position,
                                                     String what) {
        if (!s.isRunning()) {
            return Verdict.down("PostgreSQL is not running (" + state(s) + ")");
        }
        if (!"streaming".equals(replicationState(s))) {
            return Verdict.down("not a streaming replica (" + role(s) + ", replication state "
                    + replicationState(s) + ")");
        }
        if (v.optime() == 0 && !s.dcsReachable()) {
            return Verdict.down("the DCS is not accessible and the leader's position is unknown");
        }
        long lag = lagBehind(v.optime(), position);
        if (lag > maxLag) {
            return Verdict.down("replication " + what + " lag " + lag + " exceeds maximum allowable " + maxLag);
        }
        return Verdict.up("streaming replica, " + what + " lag " + lag + " within " + maxLag);
    }

    private static Verdict withTags(NodeStatus s, ReplicaFilter f, Verdict passed) {
        for (Map.Entry<String, String> wanted : f.tags().entrySet()) {
            Object actual = tags(s).raw().get(wanted.getKey());
            String text = actual instanceof String str ? str : actual == null ? null : actual.toString().toLowerCase();
            if (!wanted.getValue().equals(text)) {
                return Verdict.down("tag " + wanted.getKey() + " is " + text + ", not " + wanted.getValue());
            }
        }
        return passed;
    }

    private static String state(NodeStatus s) {
        return s.state() == null ? "unknown" : s.state().wire();
    }

    private static String role(NodeStatus s) {
        return s.role() == null ? "unknown" : s.role().wire();
    }

    private static Tags tags(NodeStatus s) {
        return s.tags() == null ? Tags.NONE : s.tags();
    }

    private static boolean pausedWithoutDcs(NodeStatus s, ClusterView v) {
        return isPaused(s, v) && !s.dcsReachable();
    }

    private static String leaderSuffix(NodeStatus s, ClusterView v) {
        String holder = v.hasLeader() ? v.leader().name() : s.dcsReachable() ? null : s.leaderName();
        return holder == null ? " (nobody holds it)" : " (held by " + holder + ")";
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + "s";
    }
}
