package io.steward.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.steward.api.grpc.v1.Cluster;
import io.steward.api.grpc.v1.History;
import io.steward.api.grpc.v1.HistoryEntry;
import io.steward.api.grpc.v1.Member;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders GetCluster and GetHistory answers for people (tables) and scripts (JSON). */
final class ClusterRendering {

    private static final long MB = 1024L * 1024L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final List<String> COLUMNS = List.of("Member", "Host", "Role", "State", "TL", "Lag in MB");

    private ClusterRendering() {
    }

    static String table(Cluster c) {
        TextTable t = new TextTable(COLUMNS);
        for (Member m : c.getMembersList()) {
            t.row(List.of(m.getName(), host(m), role(m), m.getState(), String.valueOf(m.getTimeline()), lag(m)));
        }
        StringBuilder sb = new StringBuilder("Cluster: ").append(c.getScope().isEmpty() ? "-" : c.getScope());
        sb.append('\n').append(t.render());
        if (c.getPaused()) {
            sb.append("Maintenance mode: on\n");
        }
        if (c.hasScheduledSwitchover()) {
            var s = c.getScheduledSwitchover();
            sb.append("Switchover scheduled at: ").append(s.getScheduledAt()).append('\n')
                    .append("                    from: ").append(s.getLeader()).append('\n');
            if (!s.getCandidate().isEmpty()) {
                sb.append("                      to: ").append(s.getCandidate()).append('\n');
            }
        }
        return sb.toString();
    }

    static String json(Cluster c) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Member m : c.getMembersList()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("Cluster", c.getScope());
            row.put("Member", m.getName());
            row.put("Host", host(m));
            row.put("Role", role(m));
            row.put("State", m.getState());
            row.put("TL", m.getTimeline());
            if (m.getRole().equals("leader")) {
                row.put("Lag in MB", 0);
            } else {
                row.put("Lag in MB", m.getLagBytes() < 0 ? "unknown" : m.getLagBytes() / MB);
            }
            row.put("Pending restart", m.getPendingRestart());
            if (m.getPause()) {
                row.put("Paused", true);
            }
            rows.add(row);
        }
        return write(rows);
    }

    static String historyTable(History h) {
        TextTable t = new TextTable(List.of("TL", "LSN", "Reason", "Timestamp", "New Leader"));
        for (HistoryEntry e : h.getEntriesList()) {
            t.row(List.of(String.valueOf(e.getTimeline()), Long.toUnsignedString(e.getLsn()), e.getReason(),
                    e.getTimestamp(), e.getNewLeader()));
        }
        return t.render();
    }

    static String host(Member m) {
        if (m.getHost().isEmpty()) {
            return "";
        }
        return m.getPort() > 0 ? m.getHost() + ":" + m.getPort() : m.getHost();
    }

    static String role(Member m) {
        String r = m.getRole();
        return switch (r) {
            case "leader" -> "Leader";
            case "primary" -> "Primary";
            case "replica" -> "Replica";
            case "" -> "";
            default -> Character.toUpperCase(r.charAt(0)) + r.substring(1);
        };
    }

    /** Whole megabytes behind the leader, rounded; blank for the leader; "unknown" when not reported. */
    static String lag(Member m) {
        if (m.getRole().equals("leader")) {
            return "";
        }
        if (m.getLagBytes() < 0) {
            return "unknown";
        }
        return String.valueOf(Math.round((double) m.getLagBytes() / MB));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render JSON: " + e.getMessage(), e);
        }
    }
}
