package io.steward.config;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The YAML file through StewardConfigSource into the @ConfigMapping, as Quarkus would do it (plain SmallRye). */
class StewardConfigMappingTest {

    @TempDir
    Path dir;

    static final String FULL = """
            scope: batman
            namespace: service
            name: node1
            restapi:
              listen: 0.0.0.0:8008
              connect_address: 10.0.0.1:8008
              authentication: {username: admin, password: s3cret}
            raft:
              data_dir: /var/lib/steward/raft
              self_addr: 10.0.0.1:2222
              partner_addrs: [10.0.0.2:2222, 10.0.0.3:2222]
              certfile: /etc/steward/raft.pem
              keyfile: /etc/steward/raft.key
              cafile: /etc/steward/raft-ca.pem
            bootstrap:
              dcs:
                ttl: 40
                loop_wait: 5
                postgresql:
                  use_pg_rewind: true
                  parameters: {max_connections: 200, wal_level: replica}
              initdb: [{encoding: UTF8}, data-checksums]
              post_bootstrap: /usr/local/bin/post.sh
            postgresql:
              listen: '*:5432'
              connect_address: 10.0.0.1:5432
              data_dir: /var/lib/postgresql/15/main
              bin_dir: /usr/lib/postgresql/15/bin
              authentication:
                superuser: {username: postgres, password: pw}
                replication: {username: repl, password: rpw}
              parameters:
                shared_buffers: 128MB
                auto_explain.log_min_duration: 1s
                hot_standby: on
              pg_hba: ['host replication repl 10.0.0.0/8 md5', 'host all all 0.0.0.0/0 md5']
              create_replica_methods: [basebackup]
              use_pg_rewind: yes
              callbacks: {on_role_change: /usr/local/bin/role.sh}
            tags: {nofailover: false, clonefrom: true, zone: eu-1}
            log: {level: WARNING}
            """;

    static final String WITNESS = """
            scope: batman
            name: witness1
            restapi: {listen: 127.0.0.1:8010}
            raft: {data_dir: /tmp/raft, self_addr: 127.0.0.1:2224}
            """;

    @Test
    void fullFileMapsEveryKey() throws IOException {
        StewardConfig c = mapping(write(FULL), Map.of(), Map.of());
        assertEquals("batman", c.scope());
        assertEquals("/service/", c.namespace());
        assertEquals(new HostPort("0.0.0.0", 8008), c.restapi().listen());
        assertEquals(new HostPort("10.0.0.1", 8008), c.restapi().advertisedAddress());
        assertEquals("s3cret", c.restapi().authentication().orElseThrow().password().orElseThrow());
        assertEquals(List.of(HostPort.parse("10.0.0.2:2222"), HostPort.parse("10.0.0.3:2222")), c.raft().partners());
        assertEquals(HostPort.parse("10.0.0.1:2222"), c.raft().bindAddress());
        assertEquals("/etc/steward/raft.pem", c.raft().certfile().orElseThrow());
        assertEquals("/etc/steward/raft.key", c.raft().keyfile().orElseThrow());
        assertEquals("/etc/steward/raft-ca.pem", c.raft().cafile().orElseThrow());
        assertEquals(Duration.ofSeconds(40), c.bootstrap().dcs().ttl());
        assertEquals(Duration.ofSeconds(5), c.bootstrap().dcs().loopWait());
        assertEquals(Duration.ofSeconds(10), c.bootstrap().dcs().retryTimeout());
        assertEquals(Map.of("max_connections", "200", "wal_level", "replica"),
                c.bootstrap().dcs().postgresql().parameters());
        assertEquals(List.of("--encoding=UTF8", "--data-checksums"), c.bootstrap().initdbArguments());
        StewardConfig.Postgresql pg = c.postgresql().orElseThrow();
        assertEquals(new HostPort("*", 5432), pg.listen());
        assertEquals("128MB", pg.parameters().get("shared_buffers"));
        assertEquals("1s", pg.parameters().get("auto_explain.log_min_duration"));
        assertEquals("true", pg.parameters().get("hot_standby"));
        assertEquals("repl", pg.authentication().replicationName());
        assertEquals("postgres", pg.osUser());
        assertEquals(2, pg.pgHba().orElseThrow().size());
        assertTrue(pg.rewindEnabled());
        assertEquals(Map.of("on_role_change", "/usr/local/bin/role.sh"), pg.callbacks());
        assertEquals(Map.of("nofailover", "false", "clonefrom", "true", "zone", "eu-1"), c.tags());
        assertEquals("WARNING", c.log().level());
        assertFalse(c.witness());
    }

    @Test
    void witnessGetsDefaults() throws IOException {
        StewardConfig c = mapping(write(WITNESS), Map.of(), Map.of());
        assertTrue(c.witness());
        assertEquals("/service/", c.namespace());
        assertEquals(List.of(), c.raft().partners());
        assertTrue(c.raft().certfile().isEmpty() && c.raft().keyfile().isEmpty() && c.raft().cafile().isEmpty());
        assertEquals(Duration.ofSeconds(30), c.bootstrap().dcs().ttl());
        assertEquals(Duration.ofSeconds(300), c.bootstrap().dcs().primaryStartTimeout());
        assertEquals(1_048_576L, c.bootstrap().dcs().maximumLagOnFailover());
        assertTrue(c.bootstrap().dcs().slotsEnabled());
        assertFalse(c.bootstrap().dcs().pause());
        assertEquals(Map.of(), c.tags());
        assertEquals(List.of(), c.bootstrap().initdbArguments());
        assertEquals("INFO", c.log().level());
    }

    @Test
    void smallRyeEnvironmentSourceOverridesTheFile() throws IOException {
        Map<String, String> env = Map.of(
                "STEWARD_NAME", "node9",
                "STEWARD_RESTAPI_LISTEN", "127.0.0.1:9009",
                "STEWARD_POSTGRESQL_DATA_DIR", "/data/pg",
                "STEWARD_BOOTSTRAP_DCS_LOOP_WAIT", "7",
                "STEWARD_RAFT_PARTNER_ADDRS", "10.0.0.7:2222",
                "STEWARD_CONFIG", "/elsewhere/steward.yml");
        // The file source sees no environment here: the override comes from SmallRye's own env source alone.
        StewardConfig c = mapping(write(FULL), Map.of(), env);
        assertEquals("node9", c.name());
        assertEquals(HostPort.parse("127.0.0.1:9009"), c.restapi().listen());
        assertEquals("/data/pg", c.postgresql().orElseThrow().dataDir());
        assertEquals(Duration.ofSeconds(7), c.bootstrap().dcs().loopWait());
        assertEquals(List.of(HostPort.parse("10.0.0.7:2222")), c.raft().partners());
    }

    @Test
    void derivesQuarkusHttpSettingsAndConfigFile() throws IOException {
        Path file = write(FULL);
        Map<String, String> p = StewardConfigSource.properties(file, Map.of());
        assertEquals("0.0.0.0", p.get("quarkus.http.host"));
        assertEquals("8008", p.get("quarkus.http.port"));
        assertEquals("WARN", p.get("quarkus.log.category.\"io.steward\".level"));
        assertEquals(file.toAbsolutePath().toString(), p.get("steward.config.file"));
        assertEquals("/var/lib/postgresql/15/main", p.get("steward.postgresql.data_dir"));
        assertEquals("10.0.0.2:2222", p.get("steward.raft.partner_addrs[0]"));
        assertEquals("1s", p.get("steward.postgresql.parameters.\"auto_explain.log_min_duration\""));
        assertEquals("encoding=UTF8", p.get("steward.bootstrap.initdb[0]"));
    }

    private StewardConfig mapping(Path file, Map<String, String> fileEnv, Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(StewardConfigSource.of(file, fileEnv))
                .withSources(new EnvConfigSource(env, EnvConfigSource.ORDINAL))
                .withSources(new MapBackedConfigSource("sys", Map.of("steward.config.file", file.toString()), 400) {
                })
                .withMapping(StewardConfig.class)
                .withValidateUnknown(true)
                .build();
        return config.getConfigMapping(StewardConfig.class);
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("steward.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
