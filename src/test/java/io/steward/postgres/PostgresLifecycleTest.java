package io.steward.postgres;

import static io.steward.postgres.PgTestCluster.TIMEOUT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.model.PgRole;
import io.steward.model.PgState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** One real primary, shared by the tests of this class, driven through its lifecycle. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresLifecycleTest {
    private final PgTestCluster cluster = new PgTestCluster();
    private PostgresInstance pg;

    @BeforeAll
    void bootstrap() {
        pg = cluster.instance(cluster.settings("node1")
                .withPostBootstrapSql("CREATE TABLE steward_marker(id int); INSERT INTO steward_marker VALUES (42);"));
        pg.bootstrap(TIMEOUT);
    }

    @AfterAll
    void cleanup() {
        cluster.close();
    }

    @Test
    @Order(1)
    void bootstrapLeavesARunningPrimaryWithStewardOwnedConfiguration() throws Exception {
        PgStatus st = pg.status();
        assertEquals(PgState.RUNNING, st.state(), st.message());
        assertEquals(PgRole.PRIMARY, st.role());
        assertEquals(1, st.timeline());
        assertEquals(15, st.version() / 10000);
        assertTrue(st.postmasterPid() > 0);
        assertEquals(pg.controlData().systemId(), st.systemId());
        assertEquals(1, pg.controlData().dataChecksumVersion(), "data checksums are on by default");
        Path data = pg.settings().dataDir();
        assertTrue(Files.exists(data.resolve("postgresql.base.conf")));
        assertTrue(Files.readString(data.resolve("postgresql.conf")).contains("include_if_exists 'postgresql.base.conf'"));
        assertFalse(Files.readString(data.resolve("postgresql.auto.conf")).contains("port"));
        assertEquals("42", PgTestCluster.query(pg, "SELECT id FROM steward_marker"));
        assertEquals("t", PgTestCluster.query(pg,
                "SELECT rolreplication FROM pg_roles WHERE rolname = '" + PgTestCluster.REPLICATION.username() + "'"));
        assertEquals("replica", PgTestCluster.query(pg, "SHOW wal_level"));
        assertEquals("on", PgTestCluster.query(pg, "SHOW wal_log_hints"));
    }

    @Test
    @Order(2)
    void postmasterIsADirectChildInItsOwnSession() throws Exception {
        long pid = pg.status().postmasterPid();
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        assertEquals(ProcessHandle.current().pid(), handle.parent().orElseThrow().pid());
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertEquals(Long.toString(pid), fields[3], "the postmaster leads its own session (setsid)");
        assertEquals("postgres", Files.getOwner(Path.of("/proc/" + pid)).getName());
    }

    @Test
    @Order(3)
    void stopAndStartAgain() {
        StopResult stop = pg.stop(StopMode.FAST, TIMEOUT);
        assertTrue(stop.wasRunning());
        assertFalse(stop.escalated());
        PgStatus st = pg.status();
        assertEquals(PgState.STOPPED, st.state());
        assertEquals("shut down", pg.controlData().clusterState());
        assertEquals(pg.controlData().systemId(), st.systemId(), "system id from pg_controldata while stopped");
        assertFalse(pg.stop(StopMode.FAST, TIMEOUT).wasRunning());
        assertEquals(PgState.RUNNING, pg.start(TIMEOUT).state());
        assertTrue(pg.start(TIMEOUT).alreadyRunning());
    }

    @Test
    @Order(4)
    void reloadAppliesAParameterWithoutRestart() {
        long pid = pg.status().postmasterPid();
        PostgresInstance changed = cluster.instance(pg.settings().withParameters(
                merged(Map.of("work_mem", "7MB"))));
        assertTrue(changed.reload());
        await().atMost(Duration.ofSeconds(20)).until(() -> "7MB".equals(PgTestCluster.query(pg, "SHOW work_mem")));
        assertEquals(pid, pg.status().postmasterPid());
        assertFalse(pg.status().pendingRestart());
    }

    @Test
    @Order(5)
    void pendingRestartIsReported() {
        PostgresInstance changed = cluster.instance(pg.settings().withParameters(
                merged(Map.of("max_connections", "31"))));
        changed.reload();
        await().atMost(Duration.ofSeconds(20)).until(() -> pg.status().pendingRestart());
        StartResult restarted = changed.restart(StopMode.FAST, TIMEOUT);
        assertEquals(PgState.RUNNING, restarted.state());
        assertEquals("31", PgTestCluster.query(pg, "SHOW max_connections"));
        assertFalse(pg.status().pendingRestart());
    }

    @Test
    @Order(6)
    void anAgentRestartAdoptsTheRunningPostmaster() {
        long pid = pg.status().postmasterPid();
        PostgresInstance afterRestart = cluster.instance(pg.settings());
        PgStatus st = afterRestart.status();
        assertEquals(PgState.RUNNING, st.state());
        assertEquals(pid, st.postmasterPid());
        StopResult stop = afterRestart.stop(StopMode.SMART, TIMEOUT);
        assertEquals(pid, stop.pid());
        assertEquals(PgState.STOPPED, pg.status().state());
        assertEquals(PgState.RUNNING, pg.start(TIMEOUT).state());
    }

    @Test
    @Order(7)
    void aFrozenPostmasterIsNotRespondingNotStopped() {
        long pid = pg.status().postmasterPid();
        signal(pid, "STOP");
        try {
            PgStatus st = pg.status();
            assertEquals(PgState.NOT_RESPONDING, st.state(), st.message());
            assertEquals(pid, st.postmasterPid());
        } finally {
            signal(pid, "CONT");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> pg.status().state() == PgState.RUNNING);
    }

    @Test
    @Order(8)
    void aKilledPostmasterIsCrashedAndRestartsWithCrashRecovery() {
        long pid = pg.status().postmasterPid();
        signal(pid, "KILL");
        await().atMost(Duration.ofSeconds(20)).until(() -> pg.status().state() == PgState.CRASHED);
        assertTrue(pg.status().message().contains("stale postmaster.pid"), pg.status().message());
        PostgresInstance afterRestart = cluster.instance(pg.settings());
        assertEquals(PgState.CRASHED, afterRestart.status().state(), "a fresh agent sees the stale pid file too");
        // the killed postmaster's children exit on their own once they notice; until then the start may fail
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> pg.start(TIMEOUT).state() == PgState.RUNNING);
        assertEquals("42", PgTestCluster.query(pg, "SELECT id FROM steward_marker"));
    }

    @Test
    @Order(9)
    void slotsFollowTheWantedSetButAreNotDroppedWhilePaused() {
        SlotSyncResult first = pg.syncSlots(Set.of("Node-B.2", "node3"), false);
        assertEquals(Set.of("node_b_2", "node3"), Set.copyOf(first.created()));
        assertEquals(Set.of("node_b_2", "node3"), pg.slots());
        SlotSyncResult paused = pg.syncSlots(Set.of("node3"), true);
        assertEquals(Set.of("node_b_2", "node3"), pg.slots());
        assertEquals(java.util.List.of("node_b_2"), paused.kept());
        SlotSyncResult resumed = pg.syncSlots(Set.of("node3"), false);
        assertEquals(java.util.List.of("node_b_2"), resumed.dropped());
        assertEquals(Set.of("node3"), pg.slots());
    }

    @Test
    @Order(10)
    void aSmartStopBlockedByAClientEscalatesToImmediate() throws Exception {
        try (java.sql.Connection client = PgTestCluster.connect(pg)) {
            StopResult stop = pg.stop(StopMode.SMART, Duration.ofSeconds(1));
            assertTrue(stop.escalated());
            assertEquals(StopMode.IMMEDIATE, stop.used());
        }
        assertEquals(PgState.STOPPED, pg.status().state());
        assertEquals("in production", pg.controlData().clusterState(), "an immediate stop skips the checkpoint");
        assertEquals(PgState.RUNNING, pg.start(TIMEOUT).state());
    }

    @Test
    @Order(11)
    void portInUseIsATypedErrorAndLeavesTheDataAlone() throws Exception {
        pg.stop(StopMode.FAST, TIMEOUT);
        String before = pg.controlData().toString();
        try (ServerSocket squatter = new ServerSocket(pg.settings().port(), 1, InetAddress.getByName("127.0.0.1"))) {
            PgPortInUse e = assertThrows(PgPortInUse.class, () -> pg.start(TIMEOUT));
            assertEquals(pg.settings().port(), e.port());
            assertEquals(PgState.STOPPED, pg.status().state());
        }
        assertEquals(before, pg.controlData().toString());
        assertEquals(PgState.RUNNING, pg.start(TIMEOUT).state());
    }

    @Test
    @Order(12)
    void aFailedStartIsATypedErrorWithTheLogTail() {
        pg.stop(StopMode.FAST, TIMEOUT);
        PostgresInstance broken = cluster.instance(pg.settings().withParameters(
                merged(Map.of("shared_buffers", "plenty"))));
        PgStartFailed e = assertThrows(PgStartFailed.class, () -> broken.start(TIMEOUT));
        assertTrue(e.logTail().contains("shared_buffers"), e.logTail());
        assertEquals(PgState.START_FAILED, broken.status().state());
        assertEquals(PgState.STOPPED, pg.status().state());
        assertEquals(PgState.RUNNING, pg.start(TIMEOUT).state(), "a start re-renders the good configuration");
    }

    @Test
    @Order(13)
    void missingBinariesAreATypedError() throws Exception {
        PgBinariesMissing none = assertThrows(PgBinariesMissing.class,
                () -> new PostgresInstance(pg.settings().withBinDir(Path.of("/nonexistent/pg/bin"))));
        assertTrue(none.getMessage().contains("postgres"), none.getMessage());
        Path partial = cluster.base().resolve("partial-bin");
        Files.createDirectories(partial);
        Files.createSymbolicLink(partial.resolve("postgres"), pg.binaries().binDir().resolve("postgres"));
        PgBinariesMissing some = assertThrows(PgBinariesMissing.class,
                () -> new PostgresInstance(pg.settings().withBinDir(partial)));
        assertTrue(some.getMessage().contains("pg_rewind"), some.getMessage());
        assertFalse(some.getMessage().contains("postgres,"), some.getMessage());
    }

    @Test
    @Order(14)
    void bootstrapRefusesAForeignDirectory() throws Exception {
        PgSettings s = cluster.settings("foreign");
        Files.createDirectories(s.dataDir());
        Files.writeString(s.dataDir().resolve("precious.txt"), "keep me");
        PostgresInstance foreign = cluster.instance(s);
        assertThrows(PgDataDirectoryForeign.class, () -> foreign.bootstrap(TIMEOUT));
        assertEquals("keep me", Files.readString(s.dataDir().resolve("precious.txt")));
        assertEquals(PgState.UNKNOWN, foreign.status().state());
    }

    @Test
    @Order(15)
    void thePostmasterOutlivesTheAgentThatStartedIt() throws Exception {
        pg.stop(StopMode.FAST, TIMEOUT);
        PgSettings s = pg.settings();
        Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AgentProcessMain.class.getName(), s.name(),
                s.dataDir().toString(), Integer.toString(s.port()), s.logDir().toString())
                .redirectErrorStream(true).redirectOutput(cluster.base().resolve("agent.out").toFile()).start();
        assertTrue(agent.waitFor(90, java.util.concurrent.TimeUnit.SECONDS), "the agent JVM exits");
        assertEquals(0, agent.exitValue(), Files.readString(cluster.base().resolve("agent.out")));
        PgStatus st = pg.status();
        assertEquals(PgState.RUNNING, st.state(), st.message());
        ProcessHandle postmaster = ProcessHandle.of(st.postmasterPid()).orElseThrow();
        assertTrue(postmaster.isAlive());
        assertFalse(postmaster.parent().map(p -> p.pid() == agent.pid()).orElse(false));
        assertEquals("42", PgTestCluster.query(pg, "SELECT id FROM steward_marker"));
        assertTrue(pg.stop(StopMode.FAST, TIMEOUT).wasRunning(), "the adopted postmaster is stopped by pid");
        assertEquals(PgState.STOPPED, pg.status().state());
    }

    private Map<String, String> merged(Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(pg.settings().parameters());
        m.putAll(extra);
        return m;
    }

    private static void signal(long pid, String sig) {
        if (pid <= 1) {
            throw new IllegalArgumentException("no postmaster pid to signal: " + pid);
        }
        try {
            new ProcessBuilder("kill", "-s", sig, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
