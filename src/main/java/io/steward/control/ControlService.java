package io.steward.control;

import io.steward.dcs.Dcs;
import io.steward.model.ClusterView;
import io.steward.model.FailoverIntent;
import io.steward.model.HistoryEntry;
import io.steward.model.Member;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.steward.control.ControlException.Kind.ABORTED;
import static io.steward.control.ControlException.Kind.FAILED_PRECONDITION;
import static io.steward.control.ControlException.Kind.INVALID_ARGUMENT;
import static io.steward.control.ControlException.Kind.NOT_FOUND;

/**
 * The operator verbs shared by gRPC, REST and the CLI. Each verb validates against a linearizable read, writes its
 * intent to the DCS by compare-and-set, wakes the local HA loop, and (when asked) waits with a deadline for the
 * cluster to report the outcome. Only the HA loops change PostgreSQL; a refused request changes nothing.
 */
@ApplicationScoped
public class ControlService {

    /** Used when a caller passes no timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final DcsAccess dcs;
    private final LocalNode local;
    private final Clock clock;
    private final PeerClient peers;
    private final Dcs port;

    @Inject
    public ControlService(Dcs dcs, LocalNode local, Clock clock, PeerClient peers) {
        this(dcs, local, clock, peers, POLL_INTERVAL);
    }

    ControlService(Dcs dcs, LocalNode local, Clock clock, PeerClient peers, Duration pollInterval) {
        this.port = dcs;
        this.dcs = new DcsAccess(dcs, pollInterval);
        this.local = local;
        this.clock = clock;
        this.peers = peers;
    }

    /** The cluster for display: a linearizable read, or this peer's copy when there is no quorum. */
    public ClusterStatus cluster() {
        return ClusterStatusMapper.toStatus(scope(), dcs.readFresh());
    }

    public MemberInfo member(String name) {
        ClusterView view = dcs.readFresh();
        Member m = view.member(name).orElseThrow(() -> notFound(name));
        return ClusterStatusMapper.toInfo(view, m, ClusterStatusMapper.leaderPosition(view));
    }

    /** The DCS port, for adapters that watch the cluster (WatchCluster). */
    public Dcs dcs() {
        return port;
    }

    public void pause(boolean wait, Duration timeout) {
        ClusterView view = dcs.read();
        if (view.isPaused()) {
            throw new ControlException(FAILED_PRECONDITION, "Cluster is already paused");
        }
        writeConfig(ConfigRules.mergePatch(view.config().raw(), Map.of("pause", true)), view.configIndex());
        local.wake();
        if (wait) {
            dcs.awaitCondition(orDefault(timeout), v -> listOrNull("members did not report pause yet: ",
                    v.members().stream().filter(m -> !m.pause())));
        }
    }

    public void resume(boolean wait, Duration timeout) {
        ClusterView view = dcs.read();
        if (!view.isPaused()) {
            throw new ControlException(FAILED_PRECONDITION, "Cluster is not paused");
        }
        Map<String, Object> patch = new HashMap<>();
        patch.put("pause", null);
        writeConfig(ConfigRules.mergePatch(view.config().raw(), patch), view.configIndex());
        local.wake();
        if (wait) {
            dcs.awaitCondition(orDefault(timeout), v -> listOrNull("members still report pause: ",
                    v.members().stream().filter(Member::pause)));
        }
    }

    /**
     * Asks for a switchover from {@code leader} (null: whoever holds the lease) to {@code candidate} (null: the best
     * replica), now or at {@code scheduledAt}. Returns the outcome text once the lease moved.
     */
    public String switchover(String leader, String candidate, Instant scheduledAt, Duration timeout) {
        ClusterView view = dcs.read();
        FailoverIntent intent = SwitchoverRules.switchover(view, blankToNull(leader), blankToNull(candidate),
                scheduledAt, clock.instant());
        writeIntent(intent);
        local.wake();
        if (intent.isScheduled()) {
            return "Switchover scheduled at " + scheduledAt;
        }
        String newLeader = awaitNewLeader(intent, orDefault(timeout), "Switchover");
        return "Successfully switched over to \"" + newLeader + "\"";
    }

    /** Manual failover to a named candidate; works without a running primary. */
    public String failover(String candidate, Duration timeout) {
        ClusterView view = dcs.read();
        FailoverIntent intent = SwitchoverRules.failover(view, blankToNull(candidate));
        writeIntent(intent);
        local.wake();
        awaitNewLeader(intent, orDefault(timeout), "Failover");
        return "Successfully failed over to \"" + intent.candidate() + "\"";
    }

    public void cancelSwitchover() {
        FailoverIntent pending = dcs.read().failover();
        if (pending == null) {
            throw new ControlException(NOT_FOUND, "No pending scheduled switchover");
        }
        if (!dcs.call("cancelling the switchover", () -> port.casFailover(null, pending.index()))) {
            throw new ControlException(ABORTED, "The switchover request changed concurrently, retry");
        }
        local.wake();
    }

    public String restart(String member, boolean pendingOnly, String role, Instant scheduledAt, Duration timeout) {
        String r = normalizeRole(role);
        ClusterView view = dcs.read();
        if (scheduledAt != null && view.isPaused()) {
            throw new ControlException(FAILED_PRECONDITION, "Can't schedule restart in the paused state");
        }
        if (scheduledAt != null && !scheduledAt.isAfter(clock.instant())) {
            throw new ControlException(INVALID_ARGUMENT, "Can't schedule restart in the past (" + scheduledAt + ")");
        }
        if (isLocal(member)) {
            return local.requestRestart(pendingOnly, r, scheduledAt, orDefault(timeout));
        }
        Member m = requireMember(view, member);
        return peers.restart(m.name(), m.apiUrl(), pendingOnly, r, scheduledAt, orDefault(timeout));
    }

    public boolean cancelRestart(String member) {
        if (isLocal(member)) {
            return local.cancelScheduledRestart();
        }
        Member m = requireMember(dcs.read(), member);
        return peers.cancelRestart(m.name(), m.apiUrl());
    }

    public String reinitialize(String member, boolean force, boolean fromLeader, boolean wait, Duration timeout) {
        ClusterView view = dcs.read();
        if (view.isLeader(member)) {
            throw new ControlException(FAILED_PRECONDITION, "Member " + member + " is the leader, can't reinitialize");
        }
        if (isLocal(member)) {
            return local.requestReinitialize(force, fromLeader, wait, orDefault(timeout));
        }
        Member m = requireMember(view, member);
        return peers.reinitialize(m.name(), m.apiUrl(), force, fromLeader, orDefault(timeout));
    }

    public String reload(String member) {
        if (isLocal(member)) {
            return local.reload();
        }
        Member m = requireMember(dcs.read(), member);
        return peers.reload(m.name(), m.apiUrl());
    }

    /** The dynamic configuration document (linearizable read, so a caller sees its own patch). */
    public Map<String, Object> config() {
        return dcs.read().config().raw();
    }

    public Map<String, Object> patchConfig(Map<String, Object> mergePatch) {
        if (mergePatch == null) {
            throw ConfigRules.invalid("Malformed patch: expected a JSON object");
        }
        ClusterView view = dcs.read();
        Map<String, Object> merged = ConfigRules.mergePatch(view.config().raw(), mergePatch);
        ConfigRules.validate(merged);
        writeConfig(merged, view.configIndex());
        local.wake();
        return merged;
    }

    public Map<String, Object> replaceConfig(Map<String, Object> config) {
        if (config == null) {
            throw ConfigRules.invalid("Malformed configuration: expected a JSON object");
        }
        Map<String, Object> doc = ConfigRules.withoutNulls(config);
        ConfigRules.validate(doc);
        ClusterView view = dcs.read();
        writeConfig(doc, view.configIndex());
        local.wake();
        return doc;
    }

    public List<HistoryEntry> history() {
        return dcs.readLocal().history();
    }

    private String awaitNewLeader(FailoverIntent intent, Duration timeout, String what) {
        String[] winner = new String[1];
        dcs.awaitCondition(timeout, v -> {
            boolean moved = v.hasLeader() && !v.leader().name().equals(intent.leader())
                    && (intent.candidate() == null || v.isLeader(intent.candidate()));
            winner[0] = moved ? v.leader().name() : null;
            return moved ? null : describeOutcome(v, what);
        });
        return winner[0];
    }

    private static String describeOutcome(ClusterView v, String what) {
        String leader = v.hasLeader() ? "the leader is still " + v.leader().name() : "the cluster has no leader";
        String pending = v.failover() != null ? "the request is still pending"
                : "the request was consumed but did not take effect";
        return what + " not completed: " + leader + ", " + pending;
    }

    private void writeConfig(Map<String, Object> doc, long expectedIndex) {
        if (!dcs.call("writing the configuration", () -> port.casConfig(doc, expectedIndex))) {
            throw new ControlException(ABORTED, "The configuration changed concurrently, retry");
        }
    }

    private void writeIntent(FailoverIntent intent) {
        if (!dcs.call("writing the switchover request", () -> port.casFailover(intent, 0))) {
            throw new ControlException(ABORTED, "Another switchover or failover request was written concurrently");
        }
    }

    private Member requireMember(ClusterView view, String name) {
        if (name == null || name.isBlank()) {
            throw new ControlException(INVALID_ARGUMENT, "A member name is required");
        }
        return view.member(name).orElseThrow(() -> notFound(name));
    }

    private boolean isLocal(String member) {
        if (member == null || member.isBlank()) {
            throw new ControlException(INVALID_ARGUMENT, "A member name is required");
        }
        return member.equals(local.name());
    }

    private String scope() {
        NodeStatus status = local.status();
        return status == null ? null : status.scope();
    }

    private static String normalizeRole(String role) {
        if (role == null || role.isBlank() || role.equals("any")) {
            return null;
        }
        return switch (role) {
            case "primary", "leader", "master" -> "primary";
            case "replica", "standby" -> "replica";
            default -> throw new ControlException(INVALID_ARGUMENT,
                    "Invalid role " + role + ": expected primary, replica or any");
        };
    }

    private static String listOrNull(String prefix, Stream<Member> missing) {
        String names = missing.map(Member::name).sorted().collect(Collectors.joining(", "));
        return names.isEmpty() ? null : prefix + names;
    }

    private static Duration orDefault(Duration timeout) {
        return timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static ControlException notFound(String name) {
        return new ControlException(NOT_FOUND, "Member " + name + " does not exist");
    }
}
