package io.steward.model;

import java.util.List;
import java.util.Optional;

/**
 * Everything the DCS says about the cluster, read once per tick.
 *
 * @param initialize  the PostgreSQL system identifier written by the bootstrap winner, or null before bootstrap
 * @param configIndex modification index of the config key, 0 when absent
 * @param leader      the leader lease, or null when nobody holds it
 * @param failover    the pending switchover/failover intent, or null
 * @param optime      the leader's last published LSN ({@code status.optime}), 0 when unknown
 */
public record ClusterView(String initialize, DynamicConfig config, long configIndex, Leader leader,
                          List<Member> members, FailoverIntent failover, List<HistoryEntry> history, long optime) {

    public static final ClusterView EMPTY =
            new ClusterView(null, DynamicConfig.DEFAULTS, 0, null, List.of(), null, List.of(), 0);

    public ClusterView {
        config = config == null ? DynamicConfig.DEFAULTS : config;
        members = members == null ? List.of() : List.copyOf(members);
        history = history == null ? List.of() : List.copyOf(history);
    }

    public boolean isPaused() {
        return config.pause();
    }

    public boolean hasLeader() {
        return leader != null;
    }

    public boolean isLeader(String name) {
        return leader != null && leader.name().equals(name);
    }

    public Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<Member> leaderMember() {
        return leader == null ? Optional.empty() : member(leader.name());
    }

    public ClusterView withLeader(Leader l) {
        return new ClusterView(initialize, config, configIndex, l, members, failover, history, optime);
    }

    public ClusterView withConfig(DynamicConfig c) {
        return new ClusterView(initialize, c, configIndex, leader, members, failover, history, optime);
    }

    public ClusterView withMembers(List<Member> ms) {
        return new ClusterView(initialize, config, configIndex, leader, ms, failover, history, optime);
    }

    public ClusterView withFailover(FailoverIntent f) {
        return new ClusterView(initialize, config, configIndex, leader, members, f, history, optime);
    }

    public ClusterView withInitialize(String sysid) {
        return new ClusterView(sysid, config, configIndex, leader, members, failover, history, optime);
    }

    public ClusterView withOptime(long o) {
        return new ClusterView(initialize, config, configIndex, leader, members, failover, history, o);
    }
}
