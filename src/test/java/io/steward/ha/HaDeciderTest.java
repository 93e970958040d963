package io.steward.ha;

import io.steward.model.ClusterView;
import io.steward.model.LocalView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.steward.ha.Fx.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision table: one row per situation, the message as oracle. */
class HaDeciderTest {

    static Stream<Row> rows() {
        return Stream.of(NormalRows.rows(), FollowerRows.rows(), RaceRows.rows(), PausedRows.rows())
                .flatMap(s -> s);
    }

    static Stream<Row> pausedRows() {
        return rows().filter(r -> r.cluster().isPaused());
    }

    private static Decision decide(Row r) {
        return HaDecider.decide(r.cluster(), r.local(), r.settings(), NOW);
    }

    static String describe(Decision d) {
        return d.actions().stream().map(Action::describe).collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decidesAsTheTableSays(Row r) {
        Decision d = decide(r);
        assertEquals(r.message(), d.message(), "message");
        assertEquals(r.actions(), describe(d), "actions");
    }

    @Test
    void tableIsLargeAndRowNamesAreUnique() {
        List<String> names = rows().map(Row::name).toList();
        assertTrue(names.size() >= 80, "only " + names.size() + " rows");
        assertEquals(names.size(), new HashSet<>(names).size(), "duplicate row names");
        assertTrue(pausedRows().count() >= 30, "too few paused rows");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void inputsAreNotMutatedAndTheDecisionIsRepeatable(Row r) {
        ClusterView clusterBefore = copy(r.cluster());
        LocalView localBefore = r.local().toBuilder().peerLsns(new HashMap<>(r.local().peerLsns())).build();
        HaSettings settingsBefore = r.settings();
        Decision first = decide(r);
        assertEquals(clusterBefore, r.cluster());
        assertEquals(localBefore, r.local());
        assertEquals(settingsBefore, r.settings());
        assertEquals(first, decide(r), "same inputs, same decision");
        assertThrows(UnsupportedOperationException.class, () -> first.actions().add(new Action.ReleaseLeader()));
    }

    private static ClusterView copy(ClusterView c) {
        return new ClusterView(c.initialize(), c.config(), c.configIndex(), c.leader(), new ArrayList<>(c.members()),
                c.failover(), new ArrayList<>(c.history()), c.optime());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pausedRows")
    void pausedMessagesStartWithPause(Row r) {
        Decision d = decide(r);
        assertTrue(d.message().startsWith("PAUSE: "), d.message());
        if (d.ifRaceLost() != null) {
            assertTrue(d.ifRaceLost().startsWith("PAUSE: "), d.ifRaceLost());
        }
    }

    /** While paused, nothing promotes, demotes, starts, stops or clones PostgreSQL unless an operator asked. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pausedRows")
    void pausedDecisionsLeavePostgresAloneUnlessAsked(Row r) {
        Decision d = decide(r);
        boolean requested = r.local().request() != null;
        boolean intent = r.cluster().failover() != null && !r.cluster().failover().isScheduled()
                && r.cluster().failover().candidate() != null;
        Set<Class<? extends Action>> forbidden = new HashSet<>(Set.of(Action.StartAsReplica.class,
                Action.CloneFrom.class, Action.InitializeCluster.class, Action.Rewind.class,
                Action.StopPostgres.class, Action.CancelLongAction.class, Action.WriteInitialize.class));
        if (!requested) {
            forbidden.addAll(Set.of(Action.RestartPostgres.class, Action.Reinitialize.class));
        }
        if (!intent) {
            forbidden.addAll(Set.of(Action.Promote.class, Action.Demote.class));
        }
        for (Class<? extends Action> type : forbidden) {
            assertFalse(d.has(type), type.getSimpleName() + " while paused: " + describe(d));
        }
        if (d.has(Action.AcquireLeader.class) && !intent) {
            assertTrue(r.local().isRunningPrimary(), "only a running primary takes the lock on its own");
        }
        if (d.has(Action.SyncSlots.class)) {
            assertTrue(d.actions().stream().filter(a -> a instanceof Action.SyncSlots)
                    .noneMatch(a -> ((Action.SyncSlots) a).dropAllowed()), "slots dropped while paused");
        }
    }

    @Test
    void raceStepsCarryTheLineToLogWhenLost() {
        Decision race = HaDecider.decide(Fx.leaderless(), Fx.asReplica("node2", "node1").build(),
                Fx.settings("node2"), NOW);
        assertEquals("following new leader after trying and failing to obtain lock", race.ifRaceLost());
        Decision renew = HaDecider.decide(Fx.healthy(), Fx.asPrimary("node1").build(), Fx.settings("node1"), NOW);
        assertEquals("failed to update leader lock: another member holds it or it expired", renew.ifRaceLost());
        Decision init = HaDecider.decide(ClusterView.EMPTY, Fx.asEmpty("node1").build(), Fx.settings("node1"), NOW);
        assertEquals("failed to acquire initialize lock", init.ifRaceLost());
        Decision none = HaDecider.decide(Fx.healthy(), Fx.asReplica("node2", "node1").build(),
                Fx.settings("node2"), NOW);
        assertNull(none.ifRaceLost());
    }

    @Test
    void resumeChecksCompleteOnlyWhenTheSanityFactsAreKnown() {
        ClusterView c = Fx.healthy();
        assertFalse(HaDecider.resumeChecksComplete(c, Fx.asReplica("node2", "node1").systemId(null).build()));
        assertFalse(HaDecider.resumeChecksComplete(c, Fx.asReplica("node2", "node1").rewindNeeded(null).build()));
        assertTrue(HaDecider.resumeChecksComplete(c, Fx.asReplica("node2", "node1").build()));
        assertTrue(HaDecider.resumeChecksComplete(c, Fx.asPrimary("node1").rewindNeeded(null).build()),
                "the lock holder has no leader to compare with");
        assertTrue(HaDecider.resumeChecksComplete(c, Fx.asEmpty("node4").build()));
    }

    @Test
    void settingsMustBeForThisMember() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HaDecider.decide(
                Fx.healthy(), Fx.asReplica("node2", "node1").build(), Fx.settings("node3"), NOW));
        assertEquals("settings are for member 'node3' but the local view is of 'node2'", e.getMessage());
    }

    @Test
    void dynamicConfigurationOverridesLocalSettingsOnceItExists() {
        HaSettings local = HaSettings.defaults("node1").withPgRewind(false, true);
        assertEquals(local, local.effective(Fx.healthy()), "no config key yet: local values");
        HaSettings eff = local.effective(Fx.withDynamicStartTimeout(Fx.healthy(), Duration.ofSeconds(60)));
        assertEquals(Duration.ofSeconds(60), eff.primaryStartTimeout());
        assertFalse(eff.usePgRewind(), "node-local settings are kept");
        assertTrue(eff.removeDataDirectoryOnRewindFailure());
    }
}
