package io.steward.config;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The factory is registered in the real Quarkus app and its properties reach the injected mapping. */
@QuarkusTest
@TestProfile(StewardConfigQuarkusTest.FileProfile.class)
class StewardConfigQuarkusTest {

    public static final class FileProfile implements QuarkusTestProfile {
        /** The agent assembly is not built in the test profile: the wiring test's DCS and node stand in. */
        @Override
        public java.util.Set<Class<?>> getEnabledAlternatives() {
            return java.util.Set.of(io.steward.api.rest.wiring.TestAgentBeans.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(StewardConfigSource.FILE_PROPERTY,
                    Path.of("src/test/resources/io/steward/config/quarkus-node.yml").toAbsolutePath().toString(),
                    "quarkus.http.test-port", "0");
        }
    }

    @Inject
    StewardConfig config;

    @Test
    void yamlFileIsMappedInsideQuarkus() {
        assertEquals("quarkus-test", config.scope());
        assertEquals("witness1", config.name());
        assertTrue(config.witness());
        assertEquals(Duration.ofSeconds(45), config.bootstrap().dcs().ttl());
        assertEquals(Duration.ofSeconds(5), config.bootstrap().dcs().loopWait());
        assertEquals(List.of(HostPort.parse("127.0.0.1:18010")), config.raft().partners());
        assertEquals("true", config.tags().get("nofailover"));
        assertTrue(config.configFile().orElseThrow().endsWith("quarkus-node.yml"));
        assertEquals("127.0.0.1", ConfigProvider.getConfig().getValue("quarkus.http.host", String.class));
        assertEquals("WARN", ConfigProvider.getConfig()
                .getValue("quarkus.log.category.\"io.steward\".level", String.class));
    }
}
