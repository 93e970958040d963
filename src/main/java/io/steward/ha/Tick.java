package io.steward.ha;

import io.steward.model.ClusterView;
import io.steward.model.LocalView;
import io.steward.model.Member;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The inputs of one decision and the facts derived from them; shared by the situation handlers. */
record Tick(ClusterView cluster, LocalView local, HaSettings settings, Instant now) {

    String me() {
        return local.name();
    }

    boolean paused() {
        return cluster.isPaused();
    }

    boolean iHoldLock() {
        return cluster.isLeader(me());
    }

    String leaderName() {
        return cluster.hasLeader() ? cluster.leader().name() : null;
    }

    /**
     * Who this node should replicate from: the member named by its replicatefrom tag when that member is running
     * (cascading), the leader otherwise (null without a leader).
     */
    String followTarget() {
        String from = local.tags().replicatefrom();
        if (from != null && !from.equals(me())) {
            boolean running = cluster.member(from).map(Member::isRunning).orElse(false);
            if (running) {
                return from;
            }
        }
        return leaderName();
    }

    /**
     * Where to clone from: a running member (not the leader) that offers itself with the clonefrom tag, the first
     * by name; else the leader (null without a leader).
     */
    String cloneSource() {
        return cluster.members().stream()
                .filter(m -> !m.name().equals(me()) && !m.name().equals(leaderName()))
                .filter(m -> m.isRunning() && offersClone(m))
                .map(Member::name)
                .min(Comparator.naturalOrder())
                .orElse(leaderName());
    }

    private static boolean offersClone(Member m) {
        Object raw = m.tags().raw().get("clonefrom");
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = m.tags().clonefrom();
        return s != null && !"false".equalsIgnoreCase(s);
    }

    /** Our lag behind the leader's last published position, 0 when unknown. */
    long myLag() {
        long optime = cluster.optime();
        return optime > 0 && local.lsn() < optime ? optime - local.lsn() : 0;
    }

    boolean lagTooBig() {
        return !Candidates.withinLag(local.lsn(), cluster.optime(), settings.maximumLagOnFailover());
    }

    /** Physical slots this node keeps: one per member that streams from it. */
    Set<String> slotsForFollowers() {
        Set<String> out = new LinkedHashSet<>();
        for (Member m : cluster.members()) {
            if (!m.name().equals(me()) && me().equals(sourceOf(m))) {
                out.add(slotName(m.name()));
            }
        }
        return out;
    }

    /** Whom member {@code m} streams from: its replicatefrom member if that one runs, else the leader. */
    private String sourceOf(Member m) {
        String from = m.tags().replicatefrom();
        boolean running = from != null && !from.equals(m.name())
                && cluster.member(from).map(Member::isRunning).orElse(false);
        return running ? from : leaderName();
    }

    /** A member name as a slot name: lower case, anything but [a-z0-9_] replaced by '_'. */
    static String slotName(String member) {
        return member.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** Whether a scheduled time has passed by more than 1.5 loop_wait (a stale schedule is dropped, not run). */
    boolean overdue(Instant scheduledAt) {
        Duration grace = settings.loopWait().multipliedBy(3).dividedBy(2);
        return now.isAfter(scheduledAt.plus(grace));
    }

    boolean due(Instant scheduledAt) {
        return !now.isBefore(scheduledAt);
    }

    Map<String, Long> peerLsns() {
        return local.peerLsns();
    }
}
