package io.steward.dcs.ratis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatisSettingsTest {

    @ParameterizedTest
    @CsvSource({
            "10000, 1500, 3000",
            "6000, 1000, 2000",
            "30000, 1500, 3000",
            "3000, 500, 1000",
            "1000, 166, 333",
            "300, 100, 200",
    })
    void electionTimeoutsAreDerivedFromTheRetryTimeout(long retryMs, long minMs, long maxMs) {
        RatisSettings s = RatisSettings.of("127.0.0.1:7001", List.of("127.0.0.1:7002"), Path.of("/tmp/x"), "demo",
                Duration.ofMillis(retryMs));
        assertEquals(Duration.ofMillis(minMs), s.electionTimeoutMin());
        assertEquals(Duration.ofMillis(maxMs), s.electionTimeoutMax());
        assertTrue(s.electionTimeoutMax().compareTo(s.retryTimeout()) < 0);
    }

    @Test
    void anElectionLongerThanTheRetryTimeoutIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RatisSettings(
                "127.0.0.1:7001", List.of(), Path.of("/tmp/x"), "demo", Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofSeconds(2), 100));
        assertTrue(e.getMessage().contains("electionTimeoutMax"), e.getMessage());
    }

    @Test
    void peerIdsAndGroupIdsAreStableNames() {
        assertEquals("p-127_0_0_1_7001", RatisPeers.peerId("127.0.0.1:7001").toString());
        assertEquals("p-db-1_example_com_7001", RatisPeers.peerId("db-1.example.com:7001").toString());
        assertEquals(RatisPeers.groupId("demo"), RatisPeers.groupId("demo"));
        assertNotEquals(RatisPeers.groupId("demo"), RatisPeers.groupId("other"));
        assertThrows(IllegalArgumentException.class, () -> RatisPeers.peerId("no-port"));
        assertThrows(IllegalArgumentException.class, () -> RatisPeers.peerId("host:99999"));
    }
}
