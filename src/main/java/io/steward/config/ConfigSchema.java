package io.steward.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a Steward configuration file: which keys exist, their value kinds, which are required. Drives
 * validation, unknown-key warnings, environment overrides and flattening, so the four cannot disagree.
 */
final class ConfigSchema {

    /** How a scalar value is checked and written out. */
    enum Kind { STRING, SECRET, INT, LONG, BOOL, HOST_PORT, NAMESPACE, LOG_LEVEL }

    sealed interface Node permits Section, Value, ListOf, FreeMap, Initdb {
    }

    /** A mapping with a fixed set of keys. */
    record Section(Map<String, Node> fields, boolean required) implements Node {
    }

    /** One scalar; {@code min} applies to INT and LONG. */
    record Value(Kind kind, boolean required, long min) implements Node {
    }

    /** A list of scalars of one kind. */
    record ListOf(Kind kind) implements Node {
    }

    /** A mapping with free keys and scalar values; some well-known keys have a kind. */
    record FreeMap(Map<String, Kind> typedKeys) implements Node {
    }

    /** {@code bootstrap.initdb}: option names or single-key mappings ({@code - encoding: UTF8}). */
    record Initdb() implements Node {
    }

    static final Section ROOT = section(true,
            "scope", required(Kind.STRING),
            "namespace", optional(Kind.NAMESPACE),
            "name", required(Kind.STRING),
            "restapi", section(true,
                    "listen", required(Kind.HOST_PORT),
                    "connect_address", optional(Kind.HOST_PORT),
                    "authentication", section(false,
                            "username", optional(Kind.STRING),
                            "password", optional(Kind.SECRET)),
                    "token", optional(Kind.SECRET),
                    "certfile", optional(Kind.STRING),
                    "keyfile", optional(Kind.STRING)),
            "raft", section(true,
                    "data_dir", required(Kind.STRING),
                    "self_addr", required(Kind.HOST_PORT),
                    "partner_addrs", new ListOf(Kind.HOST_PORT),
                    "bind_addr", optional(Kind.HOST_PORT),
                    "certfile", optional(Kind.STRING),
                    "keyfile", optional(Kind.STRING),
                    "cafile", optional(Kind.STRING)),
            "bootstrap", section(false,
                    "dcs", section(false,
                            "ttl", atLeast(Kind.INT, 1),
                            "loop_wait", atLeast(Kind.INT, 1),
                            "retry_timeout", atLeast(Kind.INT, 1),
                            "maximum_lag_on_failover", atLeast(Kind.LONG, 0),
                            "primary_start_timeout", atLeast(Kind.INT, 0),
                            "use_slots", optional(Kind.BOOL),
                            "pause", optional(Kind.BOOL),
                            "postgresql", section(false,
                                    "parameters", new FreeMap(Map.of()),
                                    "use_pg_rewind", optional(Kind.BOOL),
                                    "use_slots", optional(Kind.BOOL),
                                    "pg_hba", new ListOf(Kind.STRING))),
                    "initdb", new Initdb(),
                    "post_bootstrap", optional(Kind.STRING)),
            "postgresql", section(false,
                    "listen", required(Kind.HOST_PORT),
                    "connect_address", optional(Kind.HOST_PORT),
                    "data_dir", required(Kind.STRING),
                    "bin_dir", optional(Kind.STRING),
                    "run_as", optional(Kind.STRING),
                    "authentication", section(false,
                            "superuser", credentials(),
                            "replication", credentials(),
                            "rewind", credentials()),
                    "parameters", new FreeMap(Map.of()),
                    "pg_hba", new ListOf(Kind.STRING),
                    "create_replica_methods", new ListOf(Kind.STRING),
                    "remove_data_directory_on_rewind_failure", optional(Kind.BOOL),
                    "use_pg_rewind", optional(Kind.BOOL),
                    "callbacks", section(false,
                            "on_start", optional(Kind.STRING),
                            "on_stop", optional(Kind.STRING),
                            "on_restart", optional(Kind.STRING),
                            "on_reload", optional(Kind.STRING),
                            "on_role_change", optional(Kind.STRING))),
            "tags", new FreeMap(Map.of(
                    "nofailover", Kind.BOOL, "noloadbalance", Kind.BOOL, "nosync", Kind.BOOL,
                    "nostream", Kind.BOOL, "replicatefrom", Kind.STRING, "failover_priority", Kind.INT)),
            "log", section(false,
                    "level", optional(Kind.LOG_LEVEL)));

    /** Top-level sections of Patroni's other DCS back-ends; Steward replaces them with {@code raft}. */
    static final List<String> FOREIGN_DCS = List.of("etcd", "etcd3", "consul", "zookeeper", "exhibitor",
            "kubernetes");

    private ConfigSchema() {
    }

    /** Every key path of the schema (sections included), dotted, in declaration order. */
    static List<String> allPaths() {
        List<String> out = new ArrayList<>();
        collect("", ROOT, out);
        return Collections.unmodifiableList(out);
    }

    /** Every non-section node by dotted path, in declaration order. */
    static Map<String, Node> leaves() {
        Map<String, Node> out = new LinkedHashMap<>();
        collectLeaves("", ROOT, out);
        return out;
    }

    static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static void collect(String prefix, Section section, List<String> out) {
        section.fields().forEach((key, node) -> {
            String path = join(prefix, key);
            out.add(path);
            if (node instanceof Section s) {
                collect(path, s, out);
            }
        });
    }

    private static void collectLeaves(String prefix, Section section, Map<String, Node> out) {
        section.fields().forEach((key, node) -> {
            String path = join(prefix, key);
            if (node instanceof Section s) {
                collectLeaves(path, s, out);
            } else {
                out.put(path, node);
            }
        });
    }

    private static Section credentials() {
        return section(false, "username", optional(Kind.STRING), "password", optional(Kind.SECRET));
    }

    private static Value required(Kind kind) {
        return new Value(kind, true, Long.MIN_VALUE);
    }

    private static Value optional(Kind kind) {
        return new Value(kind, false, Long.MIN_VALUE);
    }

    private static Value atLeast(Kind kind, long min) {
        return new Value(kind, false, min);
    }

    private static Section section(boolean required, Object... keyAndNode) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyAndNode.length; i += 2) {
            fields.put((String) keyAndNode[i], (Node) keyAndNode[i + 1]);
        }
        return new Section(Collections.unmodifiableMap(fields), required);
    }
}
