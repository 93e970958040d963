package io.steward.ha;

import io.steward.ha.Candidates.Candidate;
import io.steward.model.Member;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.steward.ha.Fx.LSN;
import static io.steward.ha.Fx.lsns;
import static io.steward.ha.Fx.primary;
import static io.steward.ha.Fx.replica;
import static io.steward.ha.Fx.stopped;
import static io.steward.ha.Fx.tagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidatesTest {

    private static final long MAX_LAG = 1_048_576;

    @Test
    void highestLsnFirstThenName() {
        List<Member> ms = List.of(replica("node3", LSN + 5, "node1"), replica("node2", LSN + 5, "node1"),
                replica("node4", LSN + 9, "node1"), replica("node5", LSN, "node1"));
        List<Candidate> ranked = Candidates.rank(ms, LSN, MAX_LAG, Set.of());
        assertEquals(List.of("node4", "node2", "node3", "node5"), ranked.stream().map(Candidate::name).toList());
    }

    @Test
    void ineligibleMembersAreLeftOut() {
        List<Member> ms = List.of(stopped("node2"), tagged(replica("node3"), "nofailover", true),
                replica("node4", LSN - MAX_LAG - 1, "node1"), replica("node5", LSN - MAX_LAG, "node1"),
                replica("node6"));
        List<Candidate> ranked = Candidates.rank(ms, LSN, MAX_LAG, Set.of("node6"));
        assertEquals(List.of(new Candidate("node5", LSN - MAX_LAG)), ranked);
    }

    @Test
    void lagIsNotCheckedWhenTheLeaderPositionIsUnknown() {
        List<Candidate> ranked = Candidates.rank(List.of(replica("node2", 1, "node1")), 0, MAX_LAG, Set.of());
        assertEquals(1, ranked.size());
    }

    @Test
    void freshLsnsWinOverPublishedOnesAndMissingMeansUnreachable() {
        List<Member> ms = List.of(replica("node2", LSN + 100, "node1"), replica("node3", LSN, "node1"),
                primary("node4"));
        List<Candidate> ranked = Candidates.rank(ms, lsns("node3", LSN + 7, "node4", LSN + 1), LSN, MAX_LAG,
                Set.of());
        assertEquals(List.of(new Candidate("node3", LSN + 7), new Candidate("node4", LSN + 1)), ranked);
    }

    @Test
    void betterAndHealthyReplica() {
        assertTrue(Candidates.better(new Candidate("a", 10), new Candidate("b", 9)));
        assertTrue(Candidates.better(new Candidate("a", 10), new Candidate("b", 10)));
        assertFalse(Candidates.better(new Candidate("b", 10), new Candidate("a", 10)));
        assertTrue(Candidates.healthyReplica(replica("node2")));
        assertFalse(Candidates.healthyReplica(primary("node2")));
        assertFalse(Candidates.healthyReplica(stopped("node2")));
        assertFalse(Candidates.healthyReplica(tagged(replica("node2"), "nofailover", "true")));
    }
}
