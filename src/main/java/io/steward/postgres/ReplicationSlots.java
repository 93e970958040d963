package io.steward.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Physical replication slots on the primary: one per member, named after it. */
final class ReplicationSlots {
    private static final int MAX_NAME = 63;

    private ReplicationSlots() {
    }

    /** The slot name for a member: lower case, anything outside [a-z0-9_] replaced by '_', at most 63 chars. */
    static String slotNameFor(String member) {
        String s = member.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) : s;
    }

    /**
     * Makes the physical slots equal to one per wanted member. Slots of departed members are dropped unless
     * {@code paused}; an active slot (a walsender still uses it) is kept and reported.
     */
    static SlotSyncResult sync(Connection c, Set<String> members, boolean paused) throws SQLException {
        Set<String> wanted = members.stream().map(ReplicationSlots::slotNameFor).collect(Collectors.toCollection(TreeSet::new));
        Map<String, Boolean> existing = physicalSlots(c);
        List<String> created = new ArrayList<>();
        for (String slot : wanted) {
            if (!existing.containsKey(slot)) {
                exec(c, "SELECT pg_create_physical_replication_slot(?, true)", slot);
                created.add(slot);
            }
        }
        List<String> dropped = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : existing.entrySet()) {
            if (wanted.contains(e.getKey())) {
                continue;
            }
            if (paused || e.getValue()) {
                kept.add(e.getKey());
            } else {
                exec(c, "SELECT pg_drop_replication_slot(?)", e.getKey());
                dropped.add(e.getKey());
            }
        }
        return new SlotSyncResult(List.copyOf(created), List.copyOf(dropped), List.copyOf(kept));
    }

    /** Physical slot name to "active". */
    static Map<String, Boolean> physicalSlots(Connection c) throws SQLException {
        Map<String, Boolean> slots = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT slot_name, active FROM pg_replication_slots WHERE slot_type = 'physical'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                slots.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        return slots;
    }

    private static void exec(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeQuery().close();
        }
    }
}
