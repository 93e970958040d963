package io.steward.control;

import io.steward.control.ControlException.Kind;
import io.steward.model.ClusterView;
import io.steward.model.FailoverIntent;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlServiceTest {

    private ControlFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ControlFixture();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void clusterShowsRolesLagAndPause() throws Exception {
        fx.pauseDirectly();
        ClusterStatus status = fx.control.cluster();
        assertEquals("demo", status.scope());
        assertEquals("node1", status.leader());
        assertTrue(status.paused());
        assertEquals(List.of("node1", "node2", "node3", "node4"),
                status.members().stream().map(MemberInfo::name).toList());
        MemberInfo leader = status.members().get(0);
        assertEquals("leader", leader.role());
        assertEquals(0L, leader.lagBytes());
        MemberInfo replica = fx.control.member("node2");
        assertEquals("replica", replica.role());
        assertEquals(3 * 1048576L, replica.lagBytes());
        assertEquals("10.0.0.2", replica.host());
        assertEquals(5432, replica.port());
        assertNull(fx.control.member("node4").lagBytes(), "a member without a position has unknown lag");
        assertEquals(true, fx.control.member("node3").tags().get("nofailover"));
    }

    @Test
    void memberUnknownIsNotFound() {
        assertKind(Kind.NOT_FOUND, "Member node9 does not exist", () -> fx.control.member("node9"));
    }

    @Test
    void pauseWritesConfigAndWakesTheLoop() throws Exception {
        fx.control.pause(false, null);
        assertTrue(fx.view().isPaused());
        assertEquals(1, fx.local.wakes.get());
        assertEquals(30, fx.view().config().raw().get("ttl"), "other keys are kept");
    }

    @Test
    void pauseWaitReturnsOnceEveryMemberReportsPause() throws Exception {
        fx.local.onWake(() -> fx.membersReportPause(true));
        fx.control.pause(true, Duration.ofSeconds(10));
        assertTrue(fx.view().members().stream().allMatch(m -> m.pause()));
    }

    @Test
    void pauseWaitTimesOutNamingTheMembersThatDidNotReport() throws Exception {
        fx.local.onWake(() -> fx.membersReportPause(true, "node3", "node4"));
        ControlException e = assertKind(Kind.DEADLINE_EXCEEDED, "node3, node4",
                () -> fx.control.pause(true, Duration.ofMillis(300)));
        assertFalse(e.getMessage().contains("node2"), e.getMessage());
        assertTrue(fx.view().isPaused(), "the pause itself was written");
    }

    @Test
    void resumeRemovesPauseAndWaitsForMembers() throws Exception {
        fx.pauseDirectly();
        fx.membersReportPause(true);
        fx.local.onWake(() -> fx.membersReportPause(false));
        fx.control.resume(true, Duration.ofSeconds(10));
        ClusterView v = fx.view();
        assertFalse(v.isPaused());
        assertFalse(v.config().raw().containsKey("pause"), "resume deletes the pause key");
        assertTrue(v.members().stream().noneMatch(m -> m.pause()));
    }

    @Test
    void switchoverMovesTheLeaseAndReportsTheNewLeader() throws Exception {
        fx.local.onWake(fx::actLikeHaLoop);
        String result = fx.control.switchover("node1", "node2", null, Duration.ofSeconds(10));
        assertEquals("Successfully switched over to \"node2\"", result);
        assertTrue(fx.view().isLeader("node2"));
    }

    @Test
    void switchoverWithoutCandidateReportsWhoeverWon() throws Exception {
        fx.local.onWake(fx::actLikeHaLoop);
        assertEquals("Successfully switched over to \"node2\"", fx.control.switchover(null, null, null, null));
    }

    @Test
    void switchoverToCandidateWhilePausedIsAllowed() throws Exception {
        fx.pauseDirectly();
        fx.local.onWake(fx::actLikeHaLoop);
        assertEquals("Successfully switched over to \"node2\"",
                fx.control.switchover(null, "node2", null, Duration.ofSeconds(10)));
    }

    @Test
    void switchoverTimesOutWithTheRealState() throws Exception {
        ControlException e = assertKind(Kind.DEADLINE_EXCEEDED, "the leader is still node1",
                () -> fx.control.switchover("node1", "node2", null, Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("still pending"), e.getMessage());
        assertEquals("node2", fx.view().failover().candidate(), "the intent stays for the HA loop");
    }

    @Test
    void scheduledSwitchoverIsWrittenAndShown() throws Exception {
        Instant at = Instant.now().plusSeconds(3600);
        assertEquals("Switchover scheduled at " + at, fx.control.switchover("node1", "node2", at, null));
        FailoverIntent intent = fx.view().failover();
        assertEquals(at, intent.scheduledAt());
        assertEquals("node1", intent.leader());
        assertEquals(at, fx.control.cluster().scheduledSwitchover().scheduledAt());
    }

    @Test
    void cancelSwitchoverDeletesTheIntent() throws Exception {
        fx.control.switchover("node1", "node2", Instant.now().plusSeconds(3600), null);
        fx.control.cancelSwitchover();
        assertNull(fx.view().failover());
    }

    @Test
    void failoverWorksWithoutALeader() throws Exception {
        fx.dcs.releaseLeader("node1");
        fx.pauseDirectly();
        fx.local.onWake(fx::actLikeHaLoop);
        assertEquals("Successfully failed over to \"node2\"", fx.control.failover("node2", Duration.ofSeconds(10)));
        assertTrue(fx.view().isLeader("node2"));
    }

    @Test
    void restartOfTheLocalMemberGoesToTheLoop() {
        assertEquals("restarted successfully", fx.control.restart("node1", true, "master", null, null));
        assertEquals(List.of("restart pending=true role=primary at=null"), fx.local.requests);
    }

    @Test
    void scheduledRestartIsPassedOn() {
        Instant at = Instant.now().plusSeconds(600);
        assertEquals("restart scheduled", fx.control.restart("node1", false, null, at, null));
        assertEquals(List.of("restart pending=false role=null at=" + at), fx.local.requests);
    }

    @Test
    void localReinitReloadAndCancelRestart() throws Exception {
        fx.dcs.releaseLeader("node1");
        fx.dcs.tryAcquireLeader("node2", ControlFixture.TTL);
        assertEquals("reinitialize started", fx.control.reinitialize("node1", true, true, false, null));
        assertEquals("reloaded", fx.control.reload("node1"));
        assertFalse(fx.control.cancelRestart("node1"));
        assertEquals(List.of("reinit force=true fromLeader=true wait=false", "reload", "cancel restart"),
                fx.local.requests);
    }

    @Test
    void patchConfigMergesAndDeletes() throws Exception {
        Map<String, Object> patch = new HashMap<>();
        patch.put("loop_wait", 5);
        patch.put("postgresql", Map.of("parameters", Map.of("work_mem", "8MB")));
        patch.put("retry_timeout", null);
        Map<String, Object> result = fx.control.patchConfig(patch);
        assertEquals(5, result.get("loop_wait"));
        assertFalse(result.containsKey("retry_timeout"));
        Map<String, Object> stored = fx.control.config();
        assertEquals(result, stored);
        assertEquals(Map.of("max_connections", 100, "work_mem", "8MB"),
                ((Map<?, ?>) stored.get("postgresql")).get("parameters"));
    }

    @Test
    void replaceConfigStoresTheDocument() throws Exception {
        Map<String, Object> doc = Map.of("ttl", 40, "loop_wait", 10, "retry_timeout", 15);
        assertEquals(doc, fx.control.replaceConfig(doc));
        assertEquals(doc, fx.control.config());
    }

    @Test
    void historyComesFromTheDcs() throws Exception {
        fx.dcs.publishHistory(List.of(new io.steward.model.HistoryEntry(1, 50331648, "no recovery target specified",
                "2026-11-28T06:00:00+00:00", "node1")));
        assertEquals(1, fx.control.history().size());
        assertEquals("node1", fx.control.history().get(0).newLeader());
    }

    static Stream<Arguments> refusals() {
        Instant past = Instant.now().minusSeconds(60);
        Instant future = Instant.now().plusSeconds(3600);
        return Stream.of(
                row("pause when paused", true, c -> c.pause(false, null), Kind.FAILED_PRECONDITION,
                        "Cluster is already paused"),
                row("resume when not paused", false, c -> c.resume(false, null), Kind.FAILED_PRECONDITION,
                        "Cluster is not paused"),
                row("switchover without candidate while paused", true, c -> c.switchover("node1", null, null, null),
                        Kind.FAILED_PRECONDITION,
                        "Switchover is possible only to a specific candidate in a paused state"),
                row("schedule while paused", true, c -> c.switchover("node1", "node2", future, null),
                        Kind.FAILED_PRECONDITION, "Can't schedule switchover in the paused state"),
                row("schedule in the past", false, c -> c.switchover("node1", "node2", past, null),
                        Kind.INVALID_ARGUMENT, "Can't schedule switchover in the past"),
                row("candidate unknown", false, c -> c.switchover(null, "node9", null, null),
                        Kind.FAILED_PRECONDITION, "Member node9 does not exist"),
                row("candidate not running", false, c -> c.switchover(null, "node4", null, null),
                        Kind.FAILED_PRECONDITION, "Member node4 is not running"),
                row("candidate nofailover", false, c -> c.switchover(null, "node3", null, null),
                        Kind.FAILED_PRECONDITION, "Member node3 has the nofailover tag"),
                row("candidate is the leader", false, c -> c.switchover(null, "node1", null, null),
                        Kind.FAILED_PRECONDITION, "Member node1 is already the leader"),
                row("leader mismatch", false, c -> c.switchover("node2", "node3", null, null),
                        Kind.FAILED_PRECONDITION, "Member node2 is not the leader"),
                row("failover without candidate", false, c -> c.failover(null, null),
                        Kind.INVALID_ARGUMENT, "Failover requires a candidate"),
                row("failover to the leader", false, c -> c.failover("node1", null),
                        Kind.FAILED_PRECONDITION, "Member node1 is already the leader"),
                row("cancel without pending switchover", false, ControlService::cancelSwitchover,
                        Kind.NOT_FOUND, "No pending scheduled switchover"),
                row("scheduled restart while paused", true, c -> c.restart("node1", false, null, future, null),
                        Kind.FAILED_PRECONDITION, "Can't schedule restart in the paused state"),
                row("restart with a bad role", false, c -> c.restart("node1", false, "boss", null, null),
                        Kind.INVALID_ARGUMENT, "Invalid role boss"),
                row("restart of an unknown member", false, c -> c.restart("node9", false, null, null, null),
                        Kind.NOT_FOUND, "Member node9 does not exist"),
                row("reinit of the leader", false, c -> c.reinitialize("node1", false, false, false, null),
                        Kind.FAILED_PRECONDITION, "Member node1 is the leader, can't reinitialize"),
                row("patch with a string ttl", false, c -> c.patchConfig(Map.of("ttl", "thirty")),
                        Kind.INVALID_ARGUMENT, "Invalid value for ttl"),
                row("patch with a negative loop_wait", false, c -> c.patchConfig(Map.of("loop_wait", -1)),
                        Kind.INVALID_ARGUMENT, "Invalid value for loop_wait"),
                row("patch with a string pause", false, c -> c.patchConfig(Map.of("pause", "yes")),
                        Kind.INVALID_ARGUMENT, "Invalid value for pause"),
                row("patch with negative maximum_lag_on_failover", false,
                        c -> c.patchConfig(Map.of("maximum_lag_on_failover", -5)),
                        Kind.INVALID_ARGUMENT, "Invalid value for maximum_lag_on_failover"),
                row("patch with non-object parameters", false,
                        c -> c.patchConfig(Map.of("postgresql", Map.of("parameters", "max_connections=5"))),
                        Kind.INVALID_ARGUMENT, "Invalid value for postgresql.parameters"),
                row("patch breaking the timing invariant", false, c -> c.patchConfig(Map.of("ttl", 20)),
                        Kind.INVALID_ARGUMENT, "ttl (20) must be >= loop_wait (10) + 2 * retry_timeout (10)"),
                row("malformed patch", false, c -> c.patchConfig(ConfigRules.parseJsonObject("{\"ttl\": ")),
                        Kind.INVALID_ARGUMENT, "Malformed JSON"),
                row("patch that is not an object", false, c -> c.patchConfig(ConfigRules.parseJsonObject("[1]")),
                        Kind.INVALID_ARGUMENT, "expected a JSON object"),
                row("replace breaking the invariant", false,
                        c -> c.replaceConfig(Map.of("ttl", 10, "loop_wait", 10)),
                        Kind.INVALID_ARGUMENT, "must be >= loop_wait"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedRequestsChangeNothing(String situation, boolean paused, Action action, Kind kind, String message)
            throws Exception {
        if (paused) {
            fx.pauseDirectly();
        }
        ClusterView before = fx.view();
        assertKind(kind, message, () -> action.run(fx.control));
        assertEquals(before, fx.view(), "the DCS is unchanged after: " + situation);
        assertEquals(0, fx.local.wakes.get(), "the loop is not woken for a refused request");
    }

    @Test
    void secondSwitchoverWhileOneIsPendingIsRefused() throws Exception {
        fx.control.switchover("node1", "node2", Instant.now().plusSeconds(3600), null);
        ClusterView before = fx.view();
        assertKind(Kind.ALREADY_EXISTS, "already pending", () -> fx.control.switchover("node1", "node2", null, null));
        assertKind(Kind.ALREADY_EXISTS, "already pending", () -> fx.control.failover("node2", null));
        assertEquals(before, fx.view());
    }

    @Test
    void switchoverWithoutAnyEligibleReplicaIsRefused() throws Exception {
        fx.replaceMember(ControlFixture.member("node2", PgRole.REPLICA, PgState.STOPPED, 0, Tags.NONE, null));
        ClusterView before = fx.view();
        assertKind(Kind.FAILED_PRECONDITION, "No candidate available", () -> fx.control.switchover(null, null, null, null));
        assertEquals(before, fx.view());
    }

    interface Action {
        void run(ControlService c);
    }

    private static Arguments row(String situation, boolean paused, Action action, Kind kind, String message) {
        return Arguments.of(situation, paused, action, kind, message);
    }

    static ControlException assertKind(Kind kind, String messagePart, Runnable call) {
        ControlException e = assertThrows(ControlException.class, call::run);
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "message was: " + e.getMessage());
        return e;
    }
}
