package io.steward.ha;

import io.steward.model.ClusterView;
import io.steward.model.DynamicConfig;
import io.steward.model.FailoverIntent;
import io.steward.model.HistoryEntry;
import io.steward.model.Leader;
import io.steward.model.LocalView;
import io.steward.model.Member;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small fixtures that keep the decision table readable. */
final class Fx {

    static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");
    static final String SYSID = "7301000000000000001";
    static final long LSN = 100_000_000L;
    static final long INTENT_INDEX = 7;

    private Fx() {
    }

    // ---- members as published in the DCS

    static Member primary(String name) {
        return new Member(name, "postgres://" + name, "http://" + name, PgState.RUNNING, PgRole.PRIMARY, 1, LSN,
                null, null, Tags.NONE, false, false, "15", null);
    }

    static Member replica(String name) {
        return replica(name, LSN, "node1");
    }

    static Member replica(String name, long lsn, String upstream) {
        return new Member(name, "postgres://" + name, "http://" + name, PgState.RUNNING, PgRole.REPLICA, 1, lsn,
                "streaming", upstream, Tags.NONE, false, false, "15", null);
    }

    static Member stopped(String name) {
        return replica(name).withState(PgState.STOPPED);
    }

    static Member tagged(Member m, String key, Object value) {
        Map<String, Object> raw = new HashMap<>(m.tags().raw());
        raw.put(key, value);
        return m.withTags(Tags.fromMap(raw));
    }

    static Tags tags(String key, Object value) {
        return Tags.fromMap(Map.of(key, value));
    }

    // ---- cluster views

    static ClusterView cluster(String leader, Member... members) {
        return new ClusterView(SYSID, DynamicConfig.DEFAULTS, 0, leader == null ? null : new Leader(
                leader, 42), List.of(members), null, List.of(), LSN);
    }

    /** node1 leads, node2 and node3 stream from it, all at the same LSN. */
    static ClusterView healthy() {
        return cluster("node1", primary("node1"), replica("node2"), replica("node3"));
    }

    /** The leader node1 is gone (lease expired, member key gone); node2 and node3 remain. */
    static ClusterView leaderless() {
        return cluster(null, replica("node2"), replica("node3"));
    }

    static ClusterView paused(ClusterView c) {
        return c.withConfig(c.config().withPause(true));
    }

    static ClusterView withIntent(ClusterView c, String leader, String candidate) {
        return c.withFailover(new FailoverIntent(leader, candidate, null, INTENT_INDEX));
    }

    static ClusterView withScheduledIntent(ClusterView c, String leader, String candidate, Instant at) {
        return c.withFailover(new FailoverIntent(leader, candidate, at, INTENT_INDEX));
    }

    static ClusterView withHistory(ClusterView c, long... timelines) {
        List<HistoryEntry> h = new ArrayList<>();
        for (long tl : timelines) {
            h.add(new HistoryEntry(tl, LSN, "no recovery target specified", "2026-11-27T00:00:00Z", "node1"));
        }
        return new ClusterView(c.initialize(), c.config(), c.configIndex(), c.leader(), c.members(), c.failover(),
                h, c.optime());
    }

    static ClusterView withDynamicStartTimeout(ClusterView c, Duration timeout) {
        DynamicConfig d = DynamicConfig.DEFAULTS;
        DynamicConfig changed = new DynamicConfig(d.ttl(), d.loopWait(), d.retryTimeout(), d.maximumLagOnFailover(),
                timeout, c.config().pause(), d.useSlots(), Map.of(), Map.of());
        return new ClusterView(c.initialize(), changed, 3, c.leader(), c.members(), c.failover(), c.history(),
                c.optime());
    }

    // ---- local views

    /** A running primary holding a valid lease (when the cluster says it leads). */
    static LocalView.Builder asPrimary(String name) {
        return LocalView.builder(name).state(PgState.RUNNING).role(PgRole.PRIMARY).timeline(1).lsn(LSN)
                .systemId(SYSID).leaseValid(true);
    }

    static LocalView.Builder asReplica(String name, String upstream) {
        return LocalView.builder(name).state(PgState.RUNNING).role(PgRole.REPLICA).timeline(1).lsn(LSN)
                .systemId(SYSID).upstream(upstream).walReceiverStreaming(upstream != null).rewindNeeded(false);
    }

    static LocalView.Builder asStopped(String name) {
        return LocalView.builder(name).state(PgState.STOPPED).role(PgRole.REPLICA).timeline(1).lsn(LSN)
                .systemId(SYSID).rewindNeeded(false);
    }

    static LocalView.Builder asEmpty(String name) {
        return LocalView.builder(name).dataDirEmpty(true).state(PgState.UNINITIALIZED);
    }

    static Map<String, Long> lsns(Object... nameLsn) {
        Map<String, Long> m = new HashMap<>();
        for (int i = 0; i < nameLsn.length; i += 2) {
            m.put((String) nameLsn[i], ((Number) nameLsn[i + 1]).longValue());
        }
        return m;
    }

    static HaSettings settings(String name) {
        return HaSettings.defaults(name);
    }
}
