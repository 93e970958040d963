package io.steward.dcs;

import io.steward.model.ClusterView;
import io.steward.model.FailoverIntent;
import io.steward.model.HistoryEntry;
import io.steward.model.Member;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The DCS port: the cluster's keys ({@code /<namespace>/<scope>/...}) in domain verbs. Every verb that can race names
 * its compare-and-set; a lost race is a {@code false} result, never an exception. Every call either completes or
 * fails with {@link DcsUnavailable} within the retry timeout.
 */
public interface Dcs extends AutoCloseable {

    /** Linearizable read of every cluster key, for decisions. */
    ClusterView read() throws DcsUnavailable;

    /** Cheap read of this peer's local copy, possibly stale, for display. */
    ClusterView readLocal();

    /** Writes {@code initialize} if absent. True if this call won the bootstrap race. */
    boolean initialize(String systemId) throws DcsUnavailable;

    /** Removes {@code initialize} only if it still holds this value (a failed bootstrap gives the race back). */
    boolean cancelInitialize(String systemId) throws DcsUnavailable;

    /** Takes the leader lease if nobody holds it (CAS on absence). */
    boolean tryAcquireLeader(String name, Duration ttl) throws DcsUnavailable;

    /** Renews the lease if {@code name} still holds it (CAS on value); re-arms it to {@code ttl} from this renewal. */
    boolean renewLeader(String name, Duration ttl) throws DcsUnavailable;

    /** Deletes the lease if {@code name} holds it (CAS on value). */
    boolean releaseLeader(String name) throws DcsUnavailable;

    /** Writes this member's key with a TTL (a member that stops touching it disappears). */
    void touchMember(Member member, Duration ttl) throws DcsUnavailable;

    void deleteMember(String name) throws DcsUnavailable;

    /**
     * Replaces the dynamic configuration document if its modification index is still {@code expectedIndex}
     * (0: only if absent). The document is stored as JSON; {@code null} values are not stored.
     */
    boolean casConfig(Map<String, Object> config, long expectedIndex) throws DcsUnavailable;

    /** Writes (or with {@code null} deletes) the failover intent if its index is still {@code expectedIndex} (0: absent). */
    boolean casFailover(FailoverIntent intent, long expectedIndex) throws DcsUnavailable;

    /** The leader publishes its last LSN and its replication slots' positions in {@code status}. */
    void publishStatus(long optime, Map<String, Long> slots) throws DcsUnavailable;

    /** The leader publishes the timeline history in {@code history}. */
    void publishHistory(List<HistoryEntry> history) throws DcsUnavailable;

    /**
     * Calls {@code listener} (on a DCS thread, never the apply thread; keep it short) after any change under the
     * relative key or prefix (e.g. "leader", "config", "failover", "members/"). Close the handle to stop.
     */
    AutoCloseable watch(String relativeKeyOrPrefix, Runnable listener);

    @Override
    void close();
}
