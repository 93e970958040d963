package io.steward.ha;

import io.steward.model.Member;
import io.steward.model.PgRole;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks the members that may take the leader lock. Eligible: PostgreSQL running (a replica, or a primary without
 * the lock), no {@code nofailover} tag, and no further behind {@code optime} than {@code maximumLag} (skipped when
 * optime is unknown, i.e. 0). Best first: highest LSN, ties broken by name (alphabetically first wins).
 */
public final class Candidates {

    /** A member in the race with the LSN it is ranked by. */
    public record Candidate(String name, long lsn) {
    }

    /** The ranking order: highest LSN first, then name. */
    public static final Comparator<Candidate> BEST_FIRST =
            Comparator.comparingLong(Candidate::lsn).reversed().thenComparing(Candidate::name);

    private Candidates() {
    }

    /** Ranks by the LSNs the members published in their keys (used while a leader holds the lock). */
    public static List<Candidate> rank(List<Member> members, long optime, long maximumLag, Set<String> exclude) {
        List<Candidate> out = new ArrayList<>();
        for (Member m : members) {
            if (!exclude.contains(m.name()) && eligibleMember(m) && withinLag(m.lsn(), optime, maximumLag)) {
                out.add(new Candidate(m.name(), m.lsn()));
            }
        }
        out.sort(BEST_FIRST);
        return List.copyOf(out);
    }

    /**
     * Ranks by fresh LSNs probed this tick (used when the lock is gone): a member missing from {@code freshLsns} was
     * not reachable and is not a candidate.
     */
    public static List<Candidate> rank(List<Member> members, Map<String, Long> freshLsns, long optime,
                                       long maximumLag, Set<String> exclude) {
        List<Candidate> out = new ArrayList<>();
        for (Member m : members) {
            Long lsn = freshLsns.get(m.name());
            if (lsn != null && !exclude.contains(m.name()) && eligibleMember(m) && withinLag(lsn, optime, maximumLag)) {
                out.add(new Candidate(m.name(), lsn));
            }
        }
        out.sort(BEST_FIRST);
        return List.copyOf(out);
    }

    /** True if {@code a} ranks before {@code b}. */
    public static boolean better(Candidate a, Candidate b) {
        return BEST_FIRST.compare(a, b) < 0;
    }

    /** Running, not tagged nofailover, role known. */
    public static boolean eligibleMember(Member m) {
        return m.isRunning() && !m.tags().nofailover() && m.role() != PgRole.UNKNOWN;
    }

    /** A named switchover/failover candidate must be a running replica without nofailover (lag is not checked). */
    public static boolean healthyReplica(Member m) {
        return m.isRunningReplica() && !m.tags().nofailover();
    }

    public static boolean withinLag(long lsn, long optime, long maximumLag) {
        return optime <= 0 || optime - lsn <= maximumLag;
    }
}
