package io.steward.api.rest;

import io.steward.model.ClusterView;
import io.steward.model.FailoverIntent;
import io.steward.model.Member;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /cluster} in Patroni's shape: {"members": [...], "scope", "pause"?, "scheduled_switchover"?}.
 * Pure: rendered from one DCS view.
 */
public final class ClusterDocument {

    private ClusterDocument() {
    }

    public static Map<String, Object> of(ClusterView v, String scope) {
        long clusterLsn = clusterLsn(v);
        List<Map<String, Object>> members = new ArrayList<>();
        v.members().stream().sorted(Comparator.comparing(Member::name))
                .forEach(m -> members.add(member(m, v, clusterLsn)));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("members", members);
        doc.put("scope", scope);
        if (v.isPaused()) {
            doc.put("pause", true);
        }
        FailoverIntent f = v.failover();
        if (f != null && f.scheduledAt() != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("at", f.scheduledAt().toString());
            if (f.leader() != null) {
                s.put("from", f.leader());
            }
            if (f.candidate() != null) {
                s.put("to", f.candidate());
            }
            doc.put("scheduled_switchover", s);
        }
        return doc;
    }

    private static Map<String, Object> member(Member m, ClusterView v, long clusterLsn) {
        boolean leader = v.isLeader(m.name());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("role", leader ? "leader" : "replica");
        boolean showReplication = !leader && m.isRunning() && m.replicationState() != null;
        out.put("state", showReplication ? m.replicationState() : m.state().wire());
        out.put("api_url", m.apiUrl());
        putHostPort(out, m.connUrl());
        if (m.timeline() > 0) {
            out.put("timeline", m.timeline());
        }
        if (m.pendingRestart()) {
            out.put("pending_restart", true);
        }
        if (m.scheduledRestart() != null) {
            out.put("scheduled_restart", Map.of("schedule", m.scheduledRestart().toString()));
        }
        if (!m.tags().raw().isEmpty()) {
            out.put("tags", m.tags().raw());
        }
        if (!leader) {
            out.put("lag", m.lsn() <= 0 ? "unknown" : (Object) Math.max(0, clusterLsn - m.lsn()));
        }
        return out;
    }

    /** The leader's position: the published optime, or the leader member's own report if that is newer. */
    static long clusterLsn(ClusterView v) {
        long fromMember = v.leaderMember().map(Member::lsn).orElse(0L);
        return Math.max(v.optime(), fromMember);
    }

    /** host and port from a libpq URL such as postgres://user@10.0.0.1:5432/postgres; nothing if unparsable. */
    static void putHostPort(Map<String, Object> out, String connUrl) {
        if (connUrl == null || connUrl.isBlank()) {
            return;
        }
        try {
            URI uri = URI.create(connUrl.trim());
            if (uri.getHost() != null) {
                out.put("host", uri.getHost());
                out.put("port", uri.getPort() > 0 ? uri.getPort() : 5432);
            }
        } catch (IllegalArgumentException e) {
            // not a URL (e.g. a key=value conninfo): Patroni omits host and port too
        }
    }
}
