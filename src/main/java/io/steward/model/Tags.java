package io.steward.model;

import java.util.Map;

/** Member tags that change HA decisions. {@code raw} keeps every tag as configured. */
public record Tags(boolean nofailover, boolean noloadbalance, String clonefrom, String replicatefrom,
                   Map<String, Object> raw) {

    public static final Tags NONE = new Tags(false, false, null, null, Map.of());

    public Tags {
        raw = raw == null ? Map.of() : Map.copyOf(raw);
    }

    /** Builds tags from the configuration map ({@code tags:} section), tolerant of string booleans. */
    public static Tags fromMap(Map<String, Object> m) {
        if (m == null || m.isEmpty()) {
            return NONE;
        }
        return new Tags(bool(m.get("nofailover")), bool(m.get("noloadbalance")),
                str(m.get("clonefrom")), str(m.get("replicatefrom")), m);
    }

    private static boolean bool(Object o) {
        return o instanceof Boolean b ? b : o != null && Boolean.parseBoolean(o.toString());
    }

    private static String str(Object o) {
        if (o == null || o instanceof Boolean) {
            return null;
        }
        String s = o.toString().trim();
        return s.isEmpty() ? null : s;
    }
}
