package io.steward.api.rest;

import io.steward.control.NodeStatus;
import io.steward.health.HealthChecks;
import io.steward.model.ClusterView;
import io.steward.model.PgRole;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /patroni} and of every health endpoint: this node's status with Patroni's field names, so
 * scripts written against Patroni read it unchanged. Pure: built from the loop's snapshot and the DCS view.
 */
public final class StatusDocument {

    /** The agent's version, reported as {@code patroni.version}. */
    public static final String VERSION = versionOrDefault();

    private StatusDocument() {
    }

    public static Map<String, Object> of(NodeStatus s, ClusterView v) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("state", s.state() == null ? "unknown" : s.state().wire());
        if (s.postmasterStart() != null) {
            doc.put("postmaster_start_time", s.postmasterStart().toString());
        }
        doc.put("role", s.role() == null ? "unknown" : s.role().wire());
        Object version = serverVersion(s.serverVersion());
        if (version != null) {
            doc.put("server_version", version);
        }
        if (s.isRunning()) {
            putRunningFields(doc, s);
        }
        putClusterFields(doc, s, v);
        putNodeFields(doc, s);
        return doc;
    }

    private static void putRunningFields(Map<String, Object> doc, NodeStatus s) {
        Map<String, Object> xlog = new LinkedHashMap<>();
        if (s.role() == PgRole.PRIMARY) {
            xlog.put("location", s.lsn());
        } else {
            xlog.put("received_location", s.receivedLsn());
            xlog.put("replayed_location", s.replayedLsn());
        }
        doc.put("xlog", xlog);
        if (s.timeline() > 0) {
            doc.put("timeline", s.timeline());
        }
        String replicationState = HealthChecks.replicationState(s);
        if (replicationState != null) {
            doc.put("replication_state", replicationState);
        }
        if (s.replication() != null && !s.replication().isEmpty()) {
            doc.put("replication", replicationRows(s.replication()));
        }
    }

    private static void putClusterFields(Map<String, Object> doc, NodeStatus s, ClusterView v) {
        if (HealthChecks.isPaused(s, v)) {
            doc.put("pause", true);
        }
        if (!v.hasLeader()) {
            doc.put("cluster_unlocked", true);
        }
        if (s.dcsReachable() && s.lastLoop() != null) {
            doc.put("dcs_last_seen", s.lastLoop().getEpochSecond());
        }
    }

    private static void putNodeFields(Map<String, Object> doc, NodeStatus s) {
        if (s.tags() != null && !s.tags().raw().isEmpty()) {
            doc.put("tags", s.tags().raw());
        }
        if (s.systemId() != null) {
            doc.put("database_system_identifier", s.systemId());
        }
        if (s.pendingRestart()) {
            doc.put("pending_restart", true);
        }
        if (s.scheduledRestart() != null) {
            doc.put("scheduled_restart", Map.of("schedule", s.scheduledRestart().toString()));
        }
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("version", VERSION);
        agent.put("scope", s.scope());
        agent.put("name", s.name());
        doc.put("patroni", agent);
        if (s.haMessage() != null) {
            doc.put("ha_message", s.haMessage());
        }
    }

    private static List<Map<String, Object>> replicationRows(List<NodeStatus.Replica> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (NodeStatus.Replica r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("application_name", r.applicationName());
            row.put("client_addr", r.clientAddr());
            row.put("state", r.state());
            row.put("sync_state", r.syncState());
            row.put("sent_location", r.sentLsn());
            row.put("replay_location", r.replayLsn());
            out.add(row);
        }
        return out;
    }

    /**
     * Patroni reports the server version as an integer (150004 for 15.4). Accepts that form or "15.4"/"15"; any
     * other text is reported as is.
     */
    static Object serverVersion(String version) {
        if (version == null || version.isBlank()) {
            return null;
        }
        String v = version.trim();
        if (v.matches("\\d{5,}")) {
            return Long.parseLong(v);
        }
        if (v.matches("\\d+(\\.\\d+)?")) {
            String[] parts = v.split("\\.");
            long minor = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
            return Long.parseLong(parts[0]) * 10_000 + minor;
        }
        return v;
    }

    private static String versionOrDefault() {
        String v = StatusDocument.class.getPackage() == null ? null
                : StatusDocument.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }
}
