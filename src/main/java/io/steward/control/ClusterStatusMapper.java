package io.steward.control;

import io.steward.model.ClusterView;
import io.steward.model.FailoverIntent;
import io.steward.model.Member;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

/** Turns the DCS's cluster view into what operators see: roles relative to the lease, lag against the leader. */
final class ClusterStatusMapper {

    private ClusterStatusMapper() {
    }

    static ClusterStatus toStatus(String scope, ClusterView view) {
        long leaderLsn = leaderPosition(view);
        List<MemberInfo> members = view.members().stream()
                .sorted(Comparator.comparing(Member::name))
                .map(m -> toInfo(view, m, leaderLsn))
                .toList();
        FailoverIntent intent = view.failover();
        FailoverIntent scheduled = intent != null && intent.isScheduled() ? intent : null;
        return new ClusterStatus(scope, view.leader() == null ? null : view.leader().name(), view.isPaused(),
                scheduled, members);
    }

    static MemberInfo toInfo(ClusterView view, Member m, long leaderLsn) {
        boolean leader = view.isLeader(m.name());
        String role = leader ? "leader" : m.role().wire();
        Long lag = leader ? Long.valueOf(0) : lag(m, leaderLsn);
        URI conn = parse(m.connUrl());
        return new MemberInfo(m.name(), role, m.state().wire(), m.timeline(), m.lsn(), lag, m.tags().raw(),
                m.pause(), m.apiUrl(), conn == null ? null : conn.getHost(), conn == null ? 0 : Math.max(conn.getPort(), 0),
                m.replicationState(), m.pendingRestart(), m.scheduledRestart());
    }

    /** The leader's own reported position, else the optime it last published in {@code status}. */
    static long leaderPosition(ClusterView view) {
        long own = view.leaderMember().map(Member::lsn).orElse(0L);
        return own > 0 ? own : view.optime();
    }

    private static Long lag(Member m, long leaderLsn) {
        if (leaderLsn <= 0 || m.lsn() <= 0) {
            return null;
        }
        return Math.max(0, leaderLsn - m.lsn());
    }

    private static URI parse(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            return uri.getHost() == null ? null : uri;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
