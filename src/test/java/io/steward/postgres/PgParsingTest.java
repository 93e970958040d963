package io.steward.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pure parsing and rendering: no server involved. */
class PgParsingTest {
    private static final String CONTROLDATA = """
            pg_control version number:            1300
            Database system identifier:           7442155632458393116
            Database cluster state:               in archive recovery
            Latest checkpoint location:           0/3000060
            Latest checkpoint's TimeLineID:       2
            Minimum recovery ending location:     0/30001A0
            Min recovery ending loc's timeline:   3
            wal_log_hints setting:                on
            Data page checksum version:           1
            """;

    @ParameterizedTest
    @CsvSource({"0/0, 0", "0/3000060, 50331744", "1/0, 4294967296", "FFFFFFFF/FFFFFFFF, -1"})
    void lsnsRoundTrip(String text, long value) {
        assertEquals(value, Lsn.parse(text).value());
        assertEquals(text, Lsn.parse(text).toString());
    }

    @Test
    void lsnsCompareUnsigned() {
        assertTrue(Lsn.parse("FFFFFFFF/0").isAfter(Lsn.parse("1/0")));
        assertFalse(Lsn.parse("0/10").isAfter(Lsn.parse("0/10")));
    }

    @Test
    void controlDataOfAReplicaEndsAtItsMinimumRecoveryPoint() {
        ControlData cd = ControlData.parse(CONTROLDATA);
        assertEquals("7442155632458393116", cd.systemId());
        assertTrue(cd.inArchiveRecovery());
        assertFalse(cd.shutDownCleanly());
        assertEquals(Lsn.parse("0/30001A0"), cd.endLsn());
        assertEquals(3, cd.endTimeline());
        assertEquals(1, cd.dataChecksumVersion());
        assertTrue(cd.walLogHints());
        Rewinder.LocalPosition pos = Rewinder.LocalPosition.of(cd);
        assertFalse(pos.endIsRecordStart(), "a minimum recovery point is an end position");
    }

    @Test
    void timelineHistoryGivesTheSwitchPoints() {
        TimelineHistory h = TimelineHistory.parse("1\t0/3000148\tno recovery target specified\n\n"
                + "2\t0/5000000\tno recovery target specified\n");
        assertEquals(Optional.of(Lsn.parse("0/3000148")), h.switchpointOf(1));
        assertEquals(Optional.of(Lsn.parse("0/5000000")), h.switchpointOf(2));
        assertEquals(Optional.empty(), h.switchpointOf(3));
    }

    @ParameterizedTest
    @CsvSource({"node1, node1", "Node-B.2, node_b_2", "ÄÖ x, ___x"})
    void slotNamesAreSanitized(String member, String slot) {
        assertEquals(slot, PostgresInstance.slotNameFor(member));
    }

    @Test
    void perNodeSettingsCannotBeOverriddenAndValuesAreQuoted() {
        PgSettings s = PgSettings.of("n1", Path.of("/tmp/d"), 5433, new PgCredentials("su", "pw"),
                new PgCredentials("repl", "it's"))
                .withParameters(Map.of("port", "1", "primary_conninfo", "host=evil", "Work_Mem", "4MB"));
        ConfigRenderer r = new ConfigRenderer(s);
        String conf = r.postgresqlConf();
        assertTrue(conf.contains("port = '5433'"), conf);
        assertFalse(conf.contains("evil"), conf);
        assertTrue(conf.contains("work_mem = '4MB'"), conf);
        assertTrue(conf.contains("wal_log_hints = 'on'"), conf);
        String recovery = r.recoveryConf(new Upstream("n2", "10.0.0.2", 5434));
        assertTrue(recovery.contains("primary_slot_name = 'n1'"), recovery);
        assertTrue(recovery.contains("password=''it\\\\''s''"), recovery);
        assertTrue(recovery.contains("recovery_target_timeline = 'latest'"), recovery);
        assertTrue(r.pgHba().contains("host    replication  repl 127.0.0.1/32 scram-sha-256"), r.pgHba());
    }

    @Test
    void shellPlaceholdersAreQuoted() {
        assertEquals("'a b'", ReplicaCloner.shellQuote("a b"));
        assertEquals("'it'\\''s'", ReplicaCloner.shellQuote("it's"));
    }

    @Test
    void settingsDefaults() {
        PgSettings s = PgSettings.of("n1", Path.of("/var/lib/pg/data"), 5432, new PgCredentials("su", null),
                new PgCredentials("repl", null));
        assertEquals("postgres", s.runAs());
        assertEquals(List.of(ReplicaMethod.basebackup()), s.createReplicaMethods());
        assertEquals(Path.of("/var/lib/pg/postgresql-n1.log"), s.logFile());
        assertEquals("127.0.0.1", s.connectHost());
    }
}
