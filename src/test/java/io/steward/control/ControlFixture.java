package io.steward.control;

import io.steward.dcs.Dcs;
import io.steward.dcs.DcsUnavailable;
import io.steward.dcs.InMemoryKvStore;
import io.steward.dcs.KvDcs;
import io.steward.model.ClusterView;
import io.steward.model.FailoverIntent;
import io.steward.model.Member;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A four-member cluster in the in-memory DCS: node1 leader (primary), node2 streaming replica, node3 replica with
 * nofailover, node4 stopped replica. The local node is node1.
 */
public final class ControlFixture implements AutoCloseable {

    public static final Duration TTL = Duration.ofSeconds(60);

    public final KvDcs dcs = new KvDcs(new InMemoryKvStore(), KvDcs.DEFAULT_NAMESPACE, "demo");
    public final FakeLocalNode local = new FakeLocalNode("node1");
    public final ControlService control;

    public ControlFixture(PeerClient peers) throws DcsUnavailable {
        this(peers, UnaryOperator.identity());
    }

    /** @param wrap lets a test put something between the control plane and the DCS (e.g. an outage) */
    public ControlFixture(PeerClient peers, UnaryOperator<Dcs> wrap) throws DcsUnavailable {
        control = new ControlService(wrap.apply(dcs), local, Clock.systemUTC(), peers, Duration.ofMillis(20));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ttl", 30);
        config.put("loop_wait", 10);
        config.put("retry_timeout", 10);
        config.put("postgresql", Map.of("parameters", Map.of("max_connections", 100)));
        dcs.casConfig(config, 0);
        dcs.touchMember(member("node1", PgRole.PRIMARY, PgState.RUNNING, 100_000_000L, Tags.NONE, null), TTL);
        dcs.touchMember(member("node2", PgRole.REPLICA, PgState.RUNNING, 100_000_000L - 3 * 1048576L, Tags.NONE, null), TTL);
        dcs.touchMember(member("node3", PgRole.REPLICA, PgState.RUNNING, 4000,
                Tags.fromMap(Map.of("nofailover", true)), null), TTL);
        dcs.touchMember(member("node4", PgRole.REPLICA, PgState.STOPPED, 0, Tags.NONE, null), TTL);
        dcs.tryAcquireLeader("node1", TTL);
    }

    public ControlFixture() throws DcsUnavailable {
        this(new PeerClient((String) null));
    }

    public static Member member(String name, PgRole role, PgState state, long lsn, Tags tags, String apiUrl) {
        return new Member(name, "postgres://10.0.0." + name.charAt(4) + ":5432/postgres",
                apiUrl == null ? "http://127.0.0.1:1/" + name : apiUrl, state, role, 1, lsn, null, null, tags,
                false, false, "15.4", null);
    }

    public ClusterView view() throws DcsUnavailable {
        return dcs.read();
    }

    public void pauseDirectly() throws DcsUnavailable {
        ClusterView v = dcs.read();
        Map<String, Object> c = new LinkedHashMap<>(v.config().raw());
        c.put("pause", true);
        dcs.casConfig(c, v.configIndex());
    }

    public void replaceMember(Member m) throws DcsUnavailable {
        dcs.touchMember(m, TTL);
    }

    /** What the HA loops would do with a failover intent: move the lease to the candidate and clear the intent. */
    public void actLikeHaLoop() {
        try {
            ClusterView v = dcs.read();
            FailoverIntent f = v.failover();
            if (f == null || f.isScheduled()) {
                return;
            }
            String target = f.candidate() != null ? f.candidate() : "node2";
            if (v.leader() != null) {
                dcs.releaseLeader(v.leader().name());
            }
            dcs.tryAcquireLeader(target, TTL);
            dcs.casFailover(null, f.index());
        } catch (DcsUnavailable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every member (except those named) writes its pause flag like its agent would. */
    public void membersReportPause(boolean pause, String... laggards) {
        try {
            for (Member m : dcs.read().members()) {
                if (!java.util.List.of(laggards).contains(m.name())) {
                    dcs.touchMember(m.withPause(pause), TTL);
                }
            }
        } catch (DcsUnavailable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        dcs.close();
    }
}
