package io.steward.config;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STEWARD_* environment variables applied before validation and seen by the typed view. */
class EnvOverridesTest {

    @TempDir
    Path dir;

    @Test
    void envNamesFollowSmallRyeRule() {
        assertEquals("STEWARD_POSTGRESQL_DATA_DIR", EnvOverrides.envName("postgresql.data_dir"));
        assertEquals("STEWARD_BOOTSTRAP_DCS_TTL", EnvOverrides.envName("bootstrap.dcs.ttl"));
        assertEquals("STEWARD_RESTAPI_LISTEN", EnvOverrides.envName("restapi.listen"));
    }

    @Test
    void scalarsListsAndMapsAreOverridden() {
        Map<String, String> env = Map.of(
                "STEWARD_NAME", "node7",
                "STEWARD_POSTGRESQL_DATA_DIR", "/data/pg",
                "STEWARD_RAFT_PARTNER_ADDRS", "10.0.0.2:2222, 10.0.0.3:2222",
                "STEWARD_TAGS_NOFAILOVER", "yes",
                "STEWARD_POSTGRESQL_PARAMETERS_SHARED_BUFFERS", "1GB",
                "UNRELATED", "x");
        Map<String, String> p = ConfigValidator.check(
                EnvOverrides.apply(ConfigFileReader.parse(ConfigValidatorTest.BASE), env)).properties();
        assertEquals("node7", p.get("name"));
        assertEquals("/data/pg", p.get("postgresql.data_dir"));
        assertEquals("10.0.0.2:2222", p.get("raft.partner_addrs[0]"));
        assertEquals("10.0.0.3:2222", p.get("raft.partner_addrs[1]"));
        assertEquals("true", p.get("tags.nofailover"));
        assertEquals("1GB", p.get("postgresql.parameters.shared_buffers"));
    }

    @Test
    void overriddenValuesAreValidated() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigValidator.validate(
                EnvOverrides.apply(ConfigFileReader.parse(ConfigValidatorTest.BASE),
                        Map.of("STEWARD_BOOTSTRAP_DCS_TTL", "20"))));
        assertEquals("invalid configuration: bootstrap.dcs.ttl=20 must be >= loop_wait + 2*retry_timeout (30)",
                e.getMessage());
    }

    @Test
    void theInputTreeIsNotModified() {
        Map<?, ?> tree = ConfigFileReader.parse(ConfigValidatorTest.BASE);
        EnvOverrides.apply(tree, Map.of("STEWARD_NAME", "other"));
        assertEquals("node1", tree.get("name"));
    }

    @Test
    void plainLoaderAppliesEnvironmentAndDerivesHttpPort() throws IOException {
        Path file = dir.resolve("node.yml");
        Files.writeString(file, ConfigValidatorTest.BASE + "restapi_typo: 1\n");
        Map<String, String> env = Map.of("STEWARD_RESTAPI_LISTEN", "127.0.0.1:9100");
        StewardConfigFile loaded = StewardConfigFile.load(file, env);
        assertEquals(HostPort.parse("127.0.0.1:9100"), loaded.config().restapi().listen());
        assertEquals("batman", loaded.config().scope());
        assertEquals(List.of("unknown configuration key 'restapi_typo' ignored"), loaded.warnings());
        assertEquals("9100", StewardConfigSource.properties(file, env).get("quarkus.http.port"));
    }

    @Test
    void factoryAddsNothingWhenNoFileIsNamed() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new StewardConfigSourceFactory(Map.of()))
                .build();
        assertTrue(config.getOptionalValue("steward.name", String.class).isEmpty());
        assertTrue(config.getOptionalValue("quarkus.http.port", String.class).isEmpty());
    }

    @Test
    void factoryReadsTheFileNamedByPropertyOrEnvironment() throws IOException {
        Path file = dir.resolve("node.yml");
        Files.writeString(file, ConfigValidatorTest.BASE);
        SmallRyeConfig byProperty = new SmallRyeConfigBuilder()
                .withSources(new MapBackedConfigSource("sys", Map.of("steward.config.file", file.toString()), 400) {
                })
                .withSources(new StewardConfigSourceFactory(Map.of()))
                .build();
        assertEquals("node1", byProperty.getValue("steward.name", String.class));
        assertEquals("127.0.0.1", byProperty.getValue("quarkus.http.host", String.class));
        SmallRyeConfig byEnv = new SmallRyeConfigBuilder()
                .withSources(new StewardConfigSourceFactory(Map.of("STEWARD_CONFIG", file.toString(),
                        "STEWARD_NAME", "node5")))
                .build();
        assertEquals("node5", byEnv.getValue("steward.name", String.class));
        assertEquals(StewardConfigSource.ORDINAL,
                byEnv.getConfigValue("steward.name").getConfigSourceOrdinal());
    }

    @Test
    void tlsSettingsMoveTheListenerToHttps() throws IOException {
        Path file = dir.resolve("tls.yml");
        Files.writeString(file, ConfigValidatorTest.BASE.replace("listen: 127.0.0.1:8008",
                "listen: 127.0.0.1:8443\n  certfile: /etc/s/cert.pem\n  keyfile: /etc/s/key.pem"));
        Map<String, String> p = StewardConfigSource.properties(file, Map.of());
        assertEquals("8443", p.get("quarkus.http.ssl-port"));
        assertEquals("/etc/s/cert.pem", p.get("quarkus.http.ssl.certificate.files"));
        assertEquals("/etc/s/key.pem", p.get("quarkus.http.ssl.certificate.key-files"));
        assertEquals("disabled", p.get("quarkus.http.insecure-requests"));
        assertTrue(StewardConfigFile.load(file, Map.of()).config().restapi().tls());
    }
}
