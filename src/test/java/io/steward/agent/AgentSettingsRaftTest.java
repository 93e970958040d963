package io.steward.agent;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.steward.config.StewardConfig;
import io.steward.config.StewardConfigSource;
import io.steward.dcs.ratis.RaftTls;
import io.steward.dcs.ratis.RatisSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** raft.* of the configuration file becomes the DCS peer's RatisSettings, mutual TLS included. */
class AgentSettingsRaftTest {

    @TempDir
    Path dir;

    private static final String NODE = """
            scope: batman
            name: node1
            restapi: {listen: 127.0.0.1:8008}
            raft:
              data_dir: /var/lib/steward/raft
              self_addr: 127.0.0.1:2222
              partner_addrs: [127.0.0.1:2223]
            """;

    @Test
    void raftTlsFilesAreCarriedIntoTheSettings() throws IOException {
        RatisSettings s = AgentSettings.raft(config(NODE + """
                  certfile: /etc/steward/raft.pem
                  keyfile: /etc/steward/raft.key
                  cafile: /etc/steward/ca.pem
                """));
        assertEquals(Optional.of(new RaftTls(Path.of("/etc/steward/raft.pem"), Path.of("/etc/steward/raft.key"),
                Path.of("/etc/steward/ca.pem"))), s.tls());
        assertEquals(List.of("127.0.0.1:2223"), s.partnerAddrs());
    }

    @Test
    void withoutRaftTlsKeysTheTrafficIsPlain() throws IOException {
        assertEquals(Optional.empty(), AgentSettings.raft(config(NODE)).tls());
    }

    private StewardConfig config(String yaml) throws IOException {
        Path file = dir.resolve("steward.yml");
        Files.writeString(file, yaml);
        SmallRyeConfig c = new SmallRyeConfigBuilder().withSources(StewardConfigSource.of(file, Map.of()))
                .withMapping(StewardConfig.class).build();
        return c.getConfigMapping(StewardConfig.class);
    }
}
