package io.steward.loop;

import io.steward.model.ClusterView;
import io.steward.model.LocalRequest;
import io.steward.model.LocalView;
import io.steward.model.Member;
import io.steward.model.PgRole;
import io.steward.model.Tags;
import io.steward.postgres.Lsn;
import io.steward.postgres.PgStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Turns one tick's probes into the {@link LocalView} the decider reads, and keeps the few facts that span ticks:
 * since when PostgreSQL has been down on the leader, whether a resume has just happened, whether this node's WAL may
 * have diverged from the leader's.
 */
final class Observer {

    private final String name;
    private final Tags tags;
    private final PeerProbe peers;
    private Instant pgDownSince;
    private Boolean lastPaused;
    private boolean justResumed;
    private int ticksNotStreaming;
    /** Ticks a replica may fail to stream from a leader on a newer timeline before its history is checked. */
    static final int NOT_STREAMING_TICKS_BEFORE_CHECK = 3;

    Observer(String name, Tags tags, PeerProbe peers) {
        this.name = name;
        this.tags = tags;
        this.peers = peers;
    }

    LocalView observe(ClusterView cluster, boolean dcsReachable, PgStatus pg, boolean dataDirEmpty,
                      ActionExecutor executor, LeaseKeeper lease, String runnerBusy, LocalRequest request,
                      Instant now) {
        trackDowntime(cluster, pg, now);
        trackResume(cluster, dcsReachable);
        boolean otherLeader = cluster.hasLeader() && !cluster.isLeader(name);
        if (otherLeader && pg.role() == PgRole.PRIMARY && !dataDirEmpty) {
            executor.roles.mayHaveDiverged = true;
        }
        if (replicaStuckBehindNewTimeline(cluster, pg, otherLeader)) {
            executor.roles.mayHaveDiverged = true;
        }
        Boolean rewindNeeded = otherLeader ? executor.roles.mayHaveDiverged : null;
        Map<String, Long> peerLsns = Map.of();
        if (dcsReachable && !cluster.hasLeader() && !cluster.isPaused() && pg.running()
                && pg.role() == PgRole.REPLICA) {
            List<Member> others = cluster.members().stream().filter(m -> !m.name().equals(name)).toList();
            peerLsns = peers.lsns(others);
        }
        LocalView view = LocalView.builder(name)
                .tags(tags)
                .dataDirEmpty(dataDirEmpty)
                .state(pg.state())
                .role(pg.role())
                .timeline(pg.timeline())
                .lsn(positionOf(pg))
                .systemId(pg.systemId())
                .upstream(pg.role() == PgRole.PRIMARY ? null : upstreamOf(cluster, pg, executor))
                .walReceiverStreaming(pg.walReceiverStreaming())
                .pendingRestart(pg.pendingRestart())
                .dcsReachable(dcsReachable)
                .leaseValid(lease.valid())
                .pgDownSince(pgDownSince)
                .runnerBusy(runnerBusy)
                .rewindNeeded(rewindNeeded)
                .request(request)
                .peerLsns(peerLsns)
                .justResumed(justResumed)
                .rewindBackoff(executor.roles.rewinds.failures(), executor.roles.rewinds.retryAt())
                .build();
        if (justResumed && io.steward.ha.HaDecider.resumeChecksComplete(cluster, view)) {
            justResumed = false;
        }
        return view;
    }

    /**
     * A replica that keeps failing to stream from a leader on a newer timeline may hold WAL past the point where the
     * leader's timeline forked (it received more of the old primary's WAL than the promoted node did): its history
     * must then be checked against the leader's (pg_rewind if it diverged).
     */
    private boolean replicaStuckBehindNewTimeline(ClusterView cluster, PgStatus pg, boolean otherLeader) {
        boolean suspect = otherLeader && pg.running() && pg.role() == PgRole.REPLICA && !pg.walReceiverStreaming()
                && cluster.leaderMember().map(m -> m.timeline() > pg.timeline()).orElse(false);
        ticksNotStreaming = suspect ? ticksNotStreaming + 1 : 0;
        return ticksNotStreaming >= NOT_STREAMING_TICKS_BEFORE_CHECK;
    }

    private void trackDowntime(ClusterView cluster, PgStatus pg, Instant now) {
        if (pg.running()) {
            pgDownSince = null;
        } else if (pgDownSince == null && (cluster.isLeader(name) || pg.role() == PgRole.PRIMARY)) {
            pgDownSince = now;
        }
    }

    private void trackResume(ClusterView cluster, boolean dcsReachable) {
        if (!dcsReachable) {
            return;
        }
        boolean paused = cluster.isPaused();
        if (Boolean.TRUE.equals(lastPaused) && !paused) {
            justResumed = true;
        }
        lastPaused = paused;
    }

    /** The member this replica follows: as last configured by this agent, else found from the WAL receiver. */
    static String upstreamOf(ClusterView cluster, PgStatus pg, ActionExecutor executor) {
        if (executor.roles.upstream != null || pg.upstreamHost() == null) {
            return executor.roles.upstream;
        }
        String hostPort = pg.upstreamHost() + ":" + pg.upstreamPort();
        for (Member m : cluster.members()) {
            if (m.connUrl() != null && m.connUrl().contains("//" + hostPort + "/")) {
                executor.roles.upstream = m.name();
                return m.name();
            }
        }
        return null;
    }

    /** Write position on a primary, the furthest of received and replayed on a replica. */
    static long positionOf(PgStatus pg) {
        if (pg.role() == PgRole.PRIMARY) {
            return value(pg.lsn());
        }
        return Math.max(value(pg.lsn()), Math.max(value(pg.receivedLsn()), value(pg.replayedLsn())));
    }

    static long value(Lsn lsn) {
        return lsn == null ? 0 : lsn.value();
    }
}
