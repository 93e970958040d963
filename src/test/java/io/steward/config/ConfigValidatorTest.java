package io.steward.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every validation rule, one row per situation, with the exact operator-facing line as the oracle. */
class ConfigValidatorTest {

    static final String BASE = """
            scope: batman
            name: node1
            restapi:
              listen: 127.0.0.1:8008
            raft:
              data_dir: /var/lib/steward/raft
              self_addr: 127.0.0.1:2222
              partner_addrs: [127.0.0.1:2223, 127.0.0.1:2224]
            bootstrap:
              dcs: {ttl: 30, loop_wait: 10, retry_timeout: 10}
            postgresql:
              listen: 127.0.0.1:5432
              data_dir: /var/lib/postgresql/data
            """;

    /** The base file with {@code path} set to {@code value} ({@code null} removes the key). */
    static Map<String, Object> base(String path, Object value) {
        Map<String, Object> tree = EnvOverrides.apply(ConfigFileReader.parse(BASE), Map.of());
        set(tree, path.split("\\."), value);
        return tree;
    }

    @SuppressWarnings("unchecked")
    static void set(Map<String, Object> tree, String[] segments, Object value) {
        Map<String, Object> current = tree;
        for (int i = 0; i < segments.length - 1; i++) {
            current = (Map<String, Object>) current.computeIfAbsent(segments[i], k -> new LinkedHashMap<>());
        }
        if (value == null) {
            current.remove(segments[segments.length - 1]);
        } else {
            current.put(segments[segments.length - 1], value);
        }
    }

    /** A valid {@code raft} section plus the given keys and values. */
    static Map<String, Object> raftWith(String... keyAndValue) {
        Map<String, Object> raft = new LinkedHashMap<>();
        raft.put("data_dir", "/var/lib/steward/raft");
        raft.put("self_addr", "127.0.0.1:2222");
        for (int i = 0; i < keyAndValue.length; i += 2) {
            raft.put(keyAndValue[i], keyAndValue[i + 1]);
        }
        return raft;
    }

    @Test
    void raftTlsWithAllThreeFilesIsValid() {
        Map<String, Object> tree = base("raft", raftWith("certfile", "/r.pem", "keyfile", "/r.key",
                "cafile", "/ca.pem"));
        ConfigValidator.Result r = ConfigValidator.check(tree);
        assertEquals(List.of(), r.warnings());
        assertEquals("/ca.pem", r.properties().get("raft.cafile"));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("scope", null, "scope is required"),
                arguments("name", null, "name is required"),
                arguments("name", " ", "name must not be empty"),
                arguments("restapi", null, "restapi is required"),
                arguments("restapi", "on", "restapi must be a mapping (got 'on')"),
                arguments("restapi.listen", null, "restapi.listen is required"),
                arguments("restapi.listen", "localhost",
                        "restapi.listen=localhost must be host:port such as 127.0.0.1:5432 (no port)"),
                arguments("restapi.listen", "h:99999",
                        "restapi.listen=h:99999 must be host:port such as 127.0.0.1:5432 (port outside 1..65535)"),
                arguments("restapi.listen", "::1:8008", "restapi.listen=::1:8008 must be host:port such as "
                        + "127.0.0.1:5432 (write an IPv6 host in brackets, e.g. [::1]:5432)"),
                arguments("restapi.connect_address", "a:b",
                        "restapi.connect_address=a:b must be host:port such as 127.0.0.1:5432 (port is not a number)"),
                arguments("restapi.authentication", Map.of("username", "admin"),
                        "restapi.authentication.password is required when restapi.authentication.username is set"),
                arguments("restapi.certfile", "/etc/steward/cert.pem",
                        "restapi.keyfile is required when restapi.certfile is set"),
                arguments("raft.certfile", "/etc/steward/raft.pem",
                        "raft.keyfile and raft.cafile are required when raft.certfile is set"),
                arguments("raft.cafile", "/etc/steward/ca.pem",
                        "raft.certfile and raft.keyfile are required when raft.cafile is set"),
                arguments("raft", raftWith("certfile", "/r.pem", "keyfile", "/r.key"),
                        "raft.cafile is required when raft.certfile and raft.keyfile are set"),
                arguments("raft", raftWith("keyfile", "/r.key", "cafile", "/ca.pem"),
                        "raft.certfile is required when raft.keyfile and raft.cafile are set"),
                arguments("raft", null, "raft is required"),
                arguments("raft.data_dir", null, "raft.data_dir is required"),
                arguments("raft.self_addr", null, "raft.self_addr is required"),
                arguments("raft.self_addr", "127.0.0.1:8008",
                        "raft.self_addr=127.0.0.1:8008 must not use the same port as restapi.listen (127.0.0.1:8008)"),
                arguments("raft.partner_addrs", "a:1", "raft.partner_addrs must be a list (got 'a:1')"),
                arguments("raft.partner_addrs", List.of("a:1", "bad"),
                        "raft.partner_addrs[1]=bad must be host:port such as 127.0.0.1:5432 (no port)"),
                arguments("raft.bind_addr", "0.0.0.0:5432",
                        "postgresql.listen=127.0.0.1:5432 must not use the same port as raft.bind_addr (0.0.0.0:5432)"),
                arguments("bootstrap.dcs.ttl", "abc", "bootstrap.dcs.ttl=abc must be an integer"),
                arguments("bootstrap.dcs.ttl", 1.5, "bootstrap.dcs.ttl=1.5 must be an integer"),
                arguments("bootstrap.dcs.ttl", 20, "bootstrap.dcs.ttl=20 must be >= loop_wait + 2*retry_timeout (30)"),
                arguments("bootstrap.dcs.retry_timeout", 15,
                        "bootstrap.dcs.ttl=30 must be >= loop_wait + 2*retry_timeout (40)"),
                arguments("bootstrap.dcs.loop_wait", 0, "bootstrap.dcs.loop_wait=0 must be >= 1"),
                arguments("bootstrap.dcs.maximum_lag_on_failover", -1,
                        "bootstrap.dcs.maximum_lag_on_failover=-1 must be >= 0"),
                arguments("bootstrap.dcs.primary_start_timeout", 3_000_000_000L,
                        "bootstrap.dcs.primary_start_timeout=3000000000 must be <= 2147483647"),
                arguments("bootstrap.dcs.use_slots", "maybe", "bootstrap.dcs.use_slots=maybe must be true or false"),
                arguments("bootstrap.dcs.pause", List.of(true),
                        "bootstrap.dcs.pause must be a single value (got a list)"),
                arguments("bootstrap.dcs.postgresql.parameters", List.of("a"),
                        "bootstrap.dcs.postgresql.parameters must be a mapping (got a list)"),
                arguments("bootstrap.initdb", "data-checksums", "bootstrap.initdb must be a list (got 'data-checksums')"),
                arguments("bootstrap.initdb", List.of("data-checksums", Map.of("encoding", "UTF8", "locale", "C")),
                        "bootstrap.initdb[1] must be an option name or a single-key mapping such as "
                                + "'- encoding: UTF8' (got a mapping)"),
                arguments("postgresql.listen", null, "postgresql.listen is required"),
                arguments("postgresql.data_dir", null, "postgresql.data_dir is required"),
                arguments("postgresql.listen", "*:8008",
                        "postgresql.listen=*:8008 must not use the same port as restapi.listen (127.0.0.1:8008)"),
                arguments("postgresql.parameters", Map.of("shared_buffers", Map.of("a", 1)),
                        "postgresql.parameters.shared_buffers must be a single value (got a mapping)"),
                arguments("postgresql.authentication.superuser.password", List.of("x"),
                        "postgresql.authentication.superuser.password must be a single value (got a list)"),
                arguments("postgresql.authentication.replication", "s3cret",
                        "postgresql.authentication.replication must be a mapping (got a single value)"),
                arguments("postgresql.use_pg_rewind", "sometimes",
                        "postgresql.use_pg_rewind=sometimes must be true or false"),
                arguments("postgresql.pg_hba", "host all all 0.0.0.0/0 md5",
                        "postgresql.pg_hba must be a list (got 'host all all 0.0.0.0/0 md5')"),
                arguments("postgresql.callbacks.on_start", List.of("/bin/a"),
                        "postgresql.callbacks.on_start must be a single value (got a list)"),
                arguments("tags", Map.of("nofailover", "perhaps"), "tags.nofailover=perhaps must be true or false"),
                arguments("tags", Map.of("failover_priority", "high"),
                        "tags.failover_priority=high must be an integer"),
                arguments("log.level", "LOUD", "log.level=LOUD must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalid")
    void invalidValueStopsWithOneLine(String path, Object value, String rule) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConfigValidator.validate(base(path, value)));
        assertEquals("invalid configuration: " + rule, e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void baseFileIsValidWithoutWarnings() {
        assertEquals(List.of(), ConfigValidator.validate(base("scope", "batman")));
    }

    @Test
    void witnessWithoutPostgresqlIsValid() {
        ConfigValidator.Result r = ConfigValidator.check(base("postgresql", null));
        assertEquals(List.of(), r.warnings());
        assertFalse(r.properties().keySet().stream().anyMatch(k -> k.startsWith("postgresql")));
    }

    @Test
    void secretsAreNeverEchoed() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConfigValidator.validate(base("restapi.authentication", Map.of("password", "hunter2"))));
        assertEquals("invalid configuration: restapi.authentication.username is required when "
                + "restapi.authentication.password is set", e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    static Stream<Arguments> unknownKeys() {
        return Stream.of(
                arguments("restapi.conect_address", "unknown configuration key 'restapi.conect_address' ignored "
                        + "(did you mean 'restapi.connect_address'?)"),
                arguments("postgresql.paramters", "unknown configuration key 'postgresql.paramters' ignored "
                        + "(did you mean 'postgresql.parameters'?)"),
                arguments("bootstrap.dcs.tll", "unknown configuration key 'bootstrap.dcs.tll' ignored "
                        + "(did you mean 'bootstrap.dcs.ttl'?)"),
                arguments("raft.partner_adrs", "unknown configuration key 'raft.partner_adrs' ignored "
                        + "(did you mean 'raft.partner_addrs'?)"),
                arguments("use_slots", "unknown configuration key 'use_slots' ignored "
                        + "(did you mean 'bootstrap.dcs.use_slots'?)"),
                arguments("watchdog", "unknown configuration key 'watchdog' ignored"),
                arguments("etcd", "unknown configuration key 'etcd' ignored: Steward keeps the DCS in its own Raft "
                        + "group, configure 'raft:' (data_dir, self_addr, partner_addrs) instead"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownKeys")
    void unknownKeyIsWarnedByName(String path, String warning) {
        ConfigValidator.Result r = ConfigValidator.check(base(path, "x"));
        assertEquals(List.of(warning), r.warnings());
        assertFalse(r.properties().containsKey(path), "unknown keys are not passed on");
    }

    @Test
    void freeMapsAcceptAnyKey() {
        Map<String, Object> tree = base("tags", Map.of("zone", "eu-1", "nofailover", "yes"));
        set(tree, "postgresql.parameters".split("\\."), Map.of("work_mem", "4MB", "auto_explain.log_analyze", true));
        ConfigValidator.Result r = ConfigValidator.check(tree);
        assertEquals(List.of(), r.warnings());
        assertEquals("true", r.properties().get("tags.nofailover"));
        assertEquals("eu-1", r.properties().get("tags.zone"));
        assertEquals("true", r.properties().get("postgresql.parameters.\"auto_explain.log_analyze\""));
    }

    @Test
    void ownAddressInPartnersIsDroppedWithWarning() {
        ConfigValidator.Result r = ConfigValidator.check(
                base("raft.partner_addrs", List.of("127.0.0.1:2222", "127.0.0.1:2223")));
        assertEquals(List.of("raft.partner_addrs[0]=127.0.0.1:2222 is this node's raft.self_addr; list only the "
                + "other peers (the entry is ignored)"), r.warnings());
        assertEquals("127.0.0.1:2223", r.properties().get("raft.partner_addrs[0]"));
        assertFalse(r.properties().containsKey("raft.partner_addrs[1]"));
    }

    @Test
    void canonicalValues() {
        Map<String, Object> tree = base("namespace", "service");
        set(tree, "bootstrap.initdb".split("\\."), List.of(Map.of("encoding", "UTF8"), "data-checksums"));
        set(tree, "postgresql.use_pg_rewind".split("\\."), "on");
        set(tree, "log.level".split("\\."), "warning");
        Map<String, String> p = ConfigValidator.check(tree).properties();
        assertEquals("/service/", p.get("namespace"));
        assertEquals("encoding=UTF8", p.get("bootstrap.initdb[0]"));
        assertEquals("data-checksums", p.get("bootstrap.initdb[1]"));
        assertEquals("true", p.get("postgresql.use_pg_rewind"));
        assertEquals("WARNING", p.get("log.level"));
        assertEquals("30", p.get("bootstrap.dcs.ttl"));
    }
}
