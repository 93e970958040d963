package io.steward.api.rest;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.steward.control.ControlService;
import io.steward.control.PeerClient;
import io.steward.dcs.DcsUnavailable;
import io.steward.dcs.InMemoryKvStore;
import io.steward.dcs.KvDcs;
import io.steward.health.FakeLocalNode;
import io.steward.health.NodeStatusBuilder;
import io.steward.model.ClusterView;
import io.steward.model.FailoverIntent;
import io.steward.model.HistoryEntry;
import io.steward.model.Member;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: one agent's REST API on a bare Vert.x HTTP server (127.0.0.1, free port), over a real ControlService
 * and the in-memory DCS holding a three-member cluster (node1 leader at optime 1000, node2 and node3 replicas), with
 * a fake local loop. The fake loop, when woken, carries out an immediate switchover/failover intent the way the HA
 * loop would (move the lease, clear the intent) unless told to stall.
 */
final class RestFixture implements AutoCloseable {

    static final Duration LEASE = Duration.ofMinutes(10);
    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(3);

    final ControllableDcs dcs;
    final FakeLocalNode node;
    final ControlService control;
    final int port;
    private final Vertx vertx;
    private final HttpServer server;
    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private volatile boolean loopStalls;
    private volatile String bestCandidate = "node2";

    RestFixture(RestSettings settings) throws Exception {
        this.port = freePort();
        this.dcs = new ControllableDcs(new KvDcs(new InMemoryKvStore(), KvDcs.DEFAULT_NAMESPACE, "demo"));
        seedCluster();
        this.node = new FakeLocalNode(NodeStatusBuilder.leader().build());
        node.onWake(() -> loop.submit(this::tick));
        this.control = new ControlService(dcs, node, Clock.systemUTC(), new PeerClient((String) null));
        this.vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        new RestApi(control, node, dcs, Clock.systemUTC(), settings).register(router);
        this.server = vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static RestSettings settings() {
        return new RestSettings(null, null, null, OPERATION_TIMEOUT);
    }

    RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(port);
    }

    /** Linearizable read of the whole cluster, to compare before and after a refused request. */
    ClusterView snapshot() throws DcsUnavailable {
        return dcs.read();
    }

    /** The member the fake loop promotes when an intent names no candidate. */
    void loopPicks(String member) {
        bestCandidate = member;
    }

    void stallLoop(boolean stall) {
        loopStalls = stall;
    }

    void pause() throws DcsUnavailable {
        patchConfigDirectly(Map.of("pause", true));
    }

    void patchConfigDirectly(Map<String, Object> patch) throws DcsUnavailable {
        ClusterView v = dcs.read();
        Map<String, Object> doc = new HashMap<>(v.config().raw());
        doc.putAll(patch);
        if (!dcs.casConfig(doc, v.configIndex())) {
            throw new IllegalStateException("config changed concurrently in a test");
        }
    }

    void scheduleDirectly(Instant at) throws DcsUnavailable {
        dcs.casFailover(new FailoverIntent("node1", "node2", at, 0), 0);
    }

    private void seedCluster() throws DcsUnavailable {
        dcs.initialize("7300000000000000001");
        dcs.casConfig(Map.of("ttl", 30, "loop_wait", 10, "retry_timeout", 10,
                "maximum_lag_on_failover", 1048576, "postgresql", Map.of("parameters", Map.of())), 0);
        dcs.touchMember(member("node1", PgRole.PRIMARY, 1000, null, Tags.NONE), LEASE);
        dcs.touchMember(member("node2", PgRole.REPLICA, 900, "streaming", Tags.NONE), LEASE);
        dcs.touchMember(member("node3", PgRole.REPLICA, 0, "streaming", Tags.fromMap(Map.of("nofailover", true))),
                LEASE);
        dcs.tryAcquireLeader("node1", LEASE);
        dcs.publishStatus(1000, Map.of());
        dcs.publishHistory(List.of(new HistoryEntry(1, 25_165_984, "no recovery target specified",
                "2030-01-01T10:00:00+00:00", "node1")));
    }

    private Member member(String name, PgRole role, long lsn, String replState, Tags tags) {
        int n = Integer.parseInt(name.substring(4));
        return new Member(name, "postgres://replicator@127.0.0." + n + ":543" + n + "/postgres",
                "http://127.0.0." + n + ":800" + n, PgState.RUNNING, role, 1, lsn, replState,
                role == PgRole.REPLICA ? "node1" : null, tags, false, false, "0.1.0", null);
    }

    /** The fake HA tick: carry out an immediate intent (release, acquire for the candidate, clear the intent). */
    private void tick() {
        try {
            ClusterView v = dcs.read();
            FailoverIntent intent = v.failover();
            if (loopStalls || intent == null || intent.isScheduled()) {
                return;
            }
            if (v.hasLeader()) {
                dcs.releaseLeader(v.leader().name());
            }
            dcs.tryAcquireLeader(intent.candidate() == null ? bestCandidate : intent.candidate(), LEASE);
            dcs.casFailover(null, intent.index());
        } catch (DcsUnavailable e) {
            throw new IllegalStateException("the fake loop could not reach the DCS", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        loop.shutdownNow();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        dcs.close();
    }
}
