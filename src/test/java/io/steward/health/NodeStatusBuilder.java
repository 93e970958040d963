package io.steward.health;

import io.steward.control.NodeStatus;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test helper: a mutable builder of the loop's {@link NodeStatus} snapshot with sensible defaults. */
public final class NodeStatusBuilder {

    public static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private String name = "node1";
    private PgState state = PgState.RUNNING;
    private PgRole role = PgRole.PRIMARY;
    private long lsn;
    private long received;
    private long replayed;
    private boolean streaming;
    private boolean paused;
    private boolean holdsLease;
    private String leaderName;
    private Instant lastLoop = NOW.minusSeconds(5);
    private boolean dcsJoined = true;
    private boolean dcsReachable = true;
    private boolean pendingRestart;
    private Tags tags = Tags.NONE;
    private String haMessage;

    /** The lock holder, running as primary at LSN 1000. */
    public static NodeStatusBuilder leader() {
        NodeStatusBuilder b = new NodeStatusBuilder();
        b.holdsLease = true;
        b.leaderName = "node1";
        b.lsn = 1000;
        return b;
    }

    /** node2, a running streaming replica that replayed up to 1000, following node1. */
    public static NodeStatusBuilder replica() {
        NodeStatusBuilder b = new NodeStatusBuilder();
        b.name = "node2";
        b.role = PgRole.REPLICA;
        b.streaming = true;
        b.leaderName = "node1";
        b.lsn = 1000;
        b.received = 1000;
        b.replayed = 1000;
        return b;
    }

    public NodeStatusBuilder name(String n) {
        name = n;
        return this;
    }

    public NodeStatusBuilder state(PgState s) {
        state = s;
        return this;
    }

    public NodeStatusBuilder role(PgRole r) {
        role = r;
        return this;
    }

    public NodeStatusBuilder positions(long received, long replayed) {
        this.received = received;
        this.replayed = replayed;
        this.lsn = Math.max(received, replayed);
        return this;
    }

    public NodeStatusBuilder streaming(boolean s) {
        streaming = s;
        return this;
    }

    public NodeStatusBuilder paused(boolean p) {
        paused = p;
        return this;
    }

    public NodeStatusBuilder holdsLease(boolean h) {
        holdsLease = h;
        return this;
    }

    public NodeStatusBuilder lastLoop(Instant at) {
        lastLoop = at;
        return this;
    }

    public NodeStatusBuilder dcs(boolean joined, boolean reachable) {
        dcsJoined = joined;
        dcsReachable = reachable;
        return this;
    }

    public NodeStatusBuilder pendingRestart(boolean p) {
        pendingRestart = p;
        return this;
    }

    public NodeStatusBuilder tags(Map<String, Object> raw) {
        tags = Tags.fromMap(raw);
        return this;
    }

    public NodeStatusBuilder haMessage(String m) {
        haMessage = m;
        return this;
    }

    public NodeStatus build() {
        List<NodeStatus.Replica> replication = role == PgRole.PRIMARY && state == PgState.RUNNING
                ? List.of(new NodeStatus.Replica("node2", "127.0.0.1", "streaming", "async", lsn, lsn)) : List.of();
        return new NodeStatus(name, "demo", state, role, 1, lsn, received, replayed, "7300000000000000001",
                "150004", pendingRestart, streaming, role == PgRole.REPLICA ? "node1" : null, paused, holdsLease,
                leaderName, haMessage, lastLoop, NOW.minusSeconds(3600), dcsJoined, dcsReachable, tags, replication,
                null, null, false);
    }
}
