package io.steward.dcs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.model.DynamicConfig;
import io.steward.model.FailoverIntent;
import io.steward.model.HistoryEntry;
import io.steward.model.Member;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents stored under the cluster keys, with the reference implementation's field names. Decoding
 * throws {@link IllegalArgumentException} for a value that is not the expected document; callers skip it.
 */
final class DcsCodec {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<List<Object>>> ROWS = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    DcsCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String encodeMember(Member m) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("conn_url", m.connUrl());
        doc.put("api_url", m.apiUrl());
        doc.put("state", m.state().wire());
        doc.put("role", m.role().wire());
        doc.put("timeline", m.timeline());
        doc.put("xlog_location", m.lsn());
        doc.put("replication_state", m.replicationState());
        doc.put("upstream", m.upstream());
        doc.put("tags", m.tags().raw().isEmpty() ? null : m.tags().raw());
        doc.put("pause", m.pause() ? Boolean.TRUE : null);
        doc.put("pending_restart", m.pendingRestart() ? Boolean.TRUE : null);
        doc.put("version", m.version());
        doc.put("scheduled_restart", m.scheduledRestart() == null ? null : m.scheduledRestart().toString());
        return write(withoutNulls(doc));
    }

    Member decodeMember(String name, String json) {
        Map<String, Object> d = readMap(json);
        Object tags = d.get("tags");
        return new Member(name, str(d.get("conn_url")), str(d.get("api_url")), PgState.fromWire(str(d.get("state"))),
                PgRole.fromWire(str(d.get("role"))), num(d.get("timeline"), 0), num(d.get("xlog_location"), 0),
                str(d.get("replication_state")), str(d.get("upstream")),
                tags instanceof Map<?, ?> t ? Tags.fromMap(stringKeys(t)) : Tags.NONE,
                bool(d.get("pause"), false), bool(d.get("pending_restart"), false), str(d.get("version")),
                scheduledRestart(d.get("scheduled_restart")));
    }

    String encodeConfig(Map<String, Object> config) {
        return write(withoutNulls(config));
    }

    DynamicConfig decodeConfig(String json) {
        Map<String, Object> d = readMap(json);
        DynamicConfig def = DynamicConfig.DEFAULTS;
        Map<String, Object> params = Map.of();
        if (d.get("postgresql") instanceof Map<?, ?> pg && pg.get("parameters") instanceof Map<?, ?> p) {
            params = stringKeys(p);
        }
        return new DynamicConfig(seconds(d.get("ttl"), def.ttl()), seconds(d.get("loop_wait"), def.loopWait()),
                seconds(d.get("retry_timeout"), def.retryTimeout()),
                num(d.get("maximum_lag_on_failover"), def.maximumLagOnFailover()),
                seconds(d.get("primary_start_timeout"), def.primaryStartTimeout()),
                bool(d.get("pause"), false), bool(d.get("use_slots"), true), params, d);
    }

    String encodeFailover(FailoverIntent f) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("leader", f.leader());
        doc.put("member", f.candidate());
        doc.put("scheduled_at", f.scheduledAt() == null ? null : f.scheduledAt().toString());
        return write(withoutNulls(doc));
    }

    FailoverIntent decodeFailover(String json, long index) {
        Map<String, Object> d = readMap(json);
        String at = str(d.get("scheduled_at"));
        return new FailoverIntent(str(d.get("leader")), str(d.get("member")), at == null ? null : Instant.parse(at),
                index);
    }

    String encodeHistory(List<HistoryEntry> history) {
        List<List<Object>> rows = new ArrayList<>();
        for (HistoryEntry h : history) {
            List<Object> row = new ArrayList<>();
            row.add(h.timeline());
            row.add(h.lsn());
            row.add(h.reason());
            row.add(h.timestamp());
            row.add(h.newLeader());
            rows.add(row);
        }
        return write(rows);
    }

    List<HistoryEntry> decodeHistory(String json) {
        List<HistoryEntry> out = new ArrayList<>();
        for (List<Object> row : read(json, ROWS)) {
            if (row == null || row.size() < 2) {
                throw new IllegalArgumentException("history row " + row + " has no timeline and lsn");
            }
            out.add(new HistoryEntry(num(row.get(0), 0), num(row.get(1), 0), str(at(row, 2)), str(at(row, 3)),
                    str(at(row, 4))));
        }
        return out;
    }

    String encodeStatus(long optime, Map<String, Long> slots) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("optime", optime);
        doc.put("slots", slots == null ? Map.of() : slots);
        return write(doc);
    }

    long decodeOptime(String json) {
        return num(readMap(json).get("optime"), 0);
    }

    private Map<String, Object> readMap(String json) {
        Map<String, Object> m = read(json, MAP);
        if (m == null) {
            throw new IllegalArgumentException("expected a JSON object, found null");
        }
        return m;
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not the expected JSON document: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object doc) {
        try {
            return mapper.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new DcsRejected("cannot encode DCS document as JSON: " + e.getOriginalMessage());
        }
    }

    /** A copy without null values, recursively through nested maps. */
    static Map<String, Object> withoutNulls(Map<String, ?> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (v instanceof Map<?, ?> nested) {
                out.put(k, withoutNulls(stringKeys(nested)));
            } else if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static Object at(List<Object> row, int i) {
        return i < row.size() ? row.get(i) : null;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static long num(Object o, long def) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o instanceof String s && !s.isBlank()) {
            return Long.parseLong(s.trim());
        }
        return def;
    }

    private static boolean bool(Object o, boolean def) {
        if (o instanceof Boolean b) {
            return b;
        }
        return o instanceof String s ? Boolean.parseBoolean(s.trim()) : def;
    }

    private static Duration seconds(Object o, Duration def) {
        double secs;
        if (o instanceof Number n) {
            secs = n.doubleValue();
        } else if (o instanceof String s && !s.isBlank()) {
            secs = Double.parseDouble(s.trim());
        } else {
            return def;
        }
        if (secs < 0 || Double.isNaN(secs) || Double.isInfinite(secs)) {
            throw new IllegalArgumentException("duration " + o + " is not a non-negative number of seconds");
        }
        return Duration.ofMillis(Math.round(secs * 1000));
    }

    private static Instant scheduledRestart(Object o) {
        if (o instanceof Map<?, ?> m) {
            o = m.get("schedule");
        }
        return o == null ? null : Instant.parse(o.toString());
    }
}
