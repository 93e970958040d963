package io.steward.api.grpc;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.reflection.service.ReflectionServiceV1;
import io.steward.api.grpc.v1.CancelRestartRequest;
import io.steward.api.grpc.v1.CancelSwitchoverRequest;
import io.steward.api.grpc.v1.Cluster;
import io.steward.api.grpc.v1.ControlGrpc;
import io.steward.api.grpc.v1.FailoverRequest;
import io.steward.api.grpc.v1.GetClusterRequest;
import io.steward.api.grpc.v1.GetConfigRequest;
import io.steward.api.grpc.v1.GetHistoryRequest;
import io.steward.api.grpc.v1.GetMemberRequest;
import io.steward.api.grpc.v1.PatchConfigRequest;
import io.steward.api.grpc.v1.PauseRequest;
import io.steward.api.grpc.v1.ReinitializeRequest;
import io.steward.api.grpc.v1.ReloadRequest;
import io.steward.api.grpc.v1.ReplaceConfigRequest;
import io.steward.api.grpc.v1.RestartRequest;
import io.steward.api.grpc.v1.SwitchoverRequest;
import io.steward.api.grpc.v1.WatchClusterRequest;
import io.steward.control.ControlException;
import io.steward.control.ControlFixture;
import io.steward.control.PeerClient;
import io.steward.dcs.Dcs;
import io.steward.dcs.DcsUnavailable;
import io.steward.model.ClusterView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Control service over a real gRPC transport, against the in-memory DCS and a fake local HA loop. */
class ControlGrpcServiceTest {

    private final AtomicBoolean dcsDown = new AtomicBoolean();
    private final AtomicInteger openWatches = new AtomicInteger();
    private ControlFixture fx;
    private GrpcTestServer server;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ControlFixture(new PeerClient((String) null), this::outageSwitch);
        server = new GrpcTestServer(fx.control, new AuthInterceptor(null, null, null));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        fx.close();
    }

    /** A Dcs whose linearizable reads fail with DcsUnavailable while {@code dcsDown} is set. */
    private Dcs outageSwitch(Dcs real) {
        return (Dcs) Proxy.newProxyInstance(Dcs.class.getClassLoader(), new Class<?>[] {Dcs.class},
                (proxy, method, args) -> {
                    if (dcsDown.get() && method.getName().equals("read")) {
                        throw new DcsUnavailable("no quorum");
                    }
                    if (method.getName().equals("watch")) {
                        return countedWatch(real.watch((String) args[0], (Runnable) args[1]));
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private AutoCloseable countedWatch(AutoCloseable handle) {
        openWatches.incrementAndGet();
        return () -> {
            openWatches.decrementAndGet();
            handle.close();
        };
    }

    @Test
    void getClusterAndMember() {
        Cluster c = server.stub().getCluster(GetClusterRequest.getDefaultInstance());
        assertEquals("demo", c.getScope());
        assertEquals("node1", c.getLeader());
        assertEquals(4, c.getMembersCount());
        assertFalse(c.hasScheduledSwitchover());
        var node2 = server.stub().getMember(GetMemberRequest.newBuilder().setName("node2").build()).getMember();
        assertEquals("replica", node2.getRole());
        assertEquals(3 * 1048576L, node2.getLagBytes());
        assertEquals("10.0.0.2", node2.getHost());
        assertEquals("true", server.stub().getMember(GetMemberRequest.newBuilder().setName("node3").build())
                .getMember().getTagsMap().get("nofailover"));
        assertEquals(-1, server.stub().getMember(GetMemberRequest.newBuilder().setName("node4").build())
                .getMember().getLagBytes());
        assertCode(Status.Code.NOT_FOUND, "Member node9 does not exist",
                () -> server.stub().getMember(GetMemberRequest.newBuilder().setName("node9").build()));
    }

    @Test
    void pauseAndResumeMapRefusalsToFailedPrecondition() throws Exception {
        PauseRequest req = PauseRequest.getDefaultInstance();
        assertCode(Status.Code.FAILED_PRECONDITION, "Cluster is not paused", () -> server.stub().resume(req));
        server.stub().pause(req);
        assertTrue(fx.view().isPaused());
        assertCode(Status.Code.FAILED_PRECONDITION, "Cluster is already paused", () -> server.stub().pause(req));
        server.stub().resume(req);
        assertFalse(fx.view().isPaused());
    }

    @Test
    void pauseWaitDeadlineIsDeadlineExceeded() {
        fx.local.onWake(() -> fx.membersReportPause(true, "node4"));
        assertCode(Status.Code.DEADLINE_EXCEEDED, "node4",
                () -> server.stub().pause(PauseRequest.newBuilder().setWait(true).setTimeoutSeconds(1).build()));
    }

    @Test
    void switchoverSchedulingAndCancelling() throws Exception {
        String past = Instant.now().minusSeconds(60).toString();
        assertCode(Status.Code.INVALID_ARGUMENT, "in the past", () -> server.stub().switchover(
                SwitchoverRequest.newBuilder().setCandidate("node2").setScheduledAt(past).build()));
        assertCode(Status.Code.INVALID_ARGUMENT, "Invalid time tomorrow", () -> server.stub().switchover(
                SwitchoverRequest.newBuilder().setCandidate("node2").setScheduledAt("tomorrow").build()));
        String future = Instant.now().plusSeconds(3600).toString();
        String reply = server.stub().switchover(SwitchoverRequest.newBuilder().setLeader("node1")
                .setCandidate("node2").setScheduledAt(future).build()).getMessage();
        assertTrue(reply.startsWith("Switchover scheduled at "), reply);
        assertEquals("node2", server.stub().getCluster(GetClusterRequest.getDefaultInstance())
                .getScheduledSwitchover().getCandidate());
        assertCode(Status.Code.ALREADY_EXISTS, "already pending", () -> server.stub().failover(
                FailoverRequest.newBuilder().setCandidate("node2").build()));
        server.stub().cancelSwitchover(CancelSwitchoverRequest.getDefaultInstance());
        assertCode(Status.Code.NOT_FOUND, "No pending scheduled switchover",
                () -> server.stub().cancelSwitchover(CancelSwitchoverRequest.getDefaultInstance()));
    }

    @Test
    void switchoverAndFailoverReportTheOutcome() {
        fx.local.onWake(fx::actLikeHaLoop);
        assertEquals("Successfully switched over to \"node2\"", server.stub().switchover(
                SwitchoverRequest.newBuilder().setLeader("node1").setCandidate("node2").build()).getMessage());
        assertEquals("Successfully failed over to \"node1\"", server.stub().failover(
                FailoverRequest.newBuilder().setCandidate("node1").build()).getMessage());
        assertCode(Status.Code.FAILED_PRECONDITION, "Member node1 is already the leader", () -> server.stub()
                .failover(FailoverRequest.newBuilder().setCandidate("node1").build()));
    }

    @Test
    void switchoverThatDoesNotHappenIsDeadlineExceeded() {
        assertCode(Status.Code.DEADLINE_EXCEEDED, "the leader is still node1", () -> server.stub().switchover(
                SwitchoverRequest.newBuilder().setCandidate("node2").setTimeoutSeconds(1).build()));
    }

    @Test
    void memberOperations() {
        assertEquals("restarted successfully", server.stub().restart(RestartRequest.newBuilder().setMember("node1")
                .setRole("primary").build()).getMessage());
        assertCode(Status.Code.NOT_FOUND, "Member node9 does not exist",
                () -> server.stub().restart(RestartRequest.newBuilder().setMember("node9").build()));
        assertCode(Status.Code.INVALID_ARGUMENT, "A member name is required",
                () -> server.stub().restart(RestartRequest.getDefaultInstance()));
        assertCode(Status.Code.FAILED_PRECONDITION, "is the leader, can't reinitialize",
                () -> server.stub().reinitialize(ReinitializeRequest.newBuilder().setMember("node1").build()));
        assertEquals("reloaded", server.stub().reload(ReloadRequest.newBuilder().setMember("node1").build())
                .getMessage());
        assertCode(Status.Code.NOT_FOUND, "No scheduled restart on member node1",
                () -> server.stub().cancelRestart(CancelRestartRequest.newBuilder().setMember("node1").build()));
        assertCode(Status.Code.UNAVAILABLE, "Member node2 is unreachable",
                () -> server.stub().reload(ReloadRequest.newBuilder().setMember("node2").build()));
    }

    @Test
    void configRpcs() throws Exception {
        assertTrue(server.stub().getConfig(GetConfigRequest.getDefaultInstance()).getJson().contains("\"ttl\":30"));
        String patched = server.stub().patchConfig(PatchConfigRequest.newBuilder()
                .setJsonMergePatch("{\"loop_wait\": 5, \"retry_timeout\": null}").build()).getJson();
        assertTrue(patched.contains("\"loop_wait\":5") && !patched.contains("retry_timeout"), patched);
        ClusterView before = fx.view();
        assertCode(Status.Code.INVALID_ARGUMENT, "Malformed JSON", () -> server.stub().patchConfig(
                PatchConfigRequest.newBuilder().setJsonMergePatch("{loop_wait").build()));
        assertCode(Status.Code.INVALID_ARGUMENT, "Invalid value for ttl", () -> server.stub().patchConfig(
                PatchConfigRequest.newBuilder().setJsonMergePatch("{\"ttl\": \"x\"}").build()));
        assertEquals(before, fx.view());
        String replaced = server.stub().replaceConfig(ReplaceConfigRequest.newBuilder()
                .setJson("{\"ttl\": 45, \"pause\": null}").build()).getJson();
        assertEquals("{\"ttl\":45}", replaced);
        assertEquals(0, server.stub().getHistory(GetHistoryRequest.getDefaultInstance()).getEntriesCount());
    }

    @Test
    void dcsOutageIsUnavailable() {
        dcsDown.set(true);
        assertCode(Status.Code.UNAVAILABLE, "DCS unavailable", () -> server.stub().pause(
                PauseRequest.getDefaultInstance()));
    }

    @ParameterizedTest
    @EnumSource(ControlException.Kind.class)
    void everyKindMapsToTheSameNamedStatus(ControlException.Kind kind) {
        StatusRuntimeException s = GrpcErrors.toStatus(new ControlException(kind, "why"));
        assertEquals(kind.name(), s.getStatus().getCode().name());
        assertEquals("why", s.getStatus().getDescription());
    }

    @Test
    void unexpectedFailureIsInternal() {
        assertEquals(Status.Code.INTERNAL,
                GrpcErrors.toStatus(new IllegalStateException("boom")).getStatus().getCode());
    }

    @Test
    void watchClusterSendsTheStateNowAndOnEveryChangeUntilCancelled() throws Exception {
        BlockingQueue<Cluster> received = new LinkedBlockingQueue<>();
        Context.CancellableContext ctx = Context.current().withCancellation();
        ctx.run(() -> ControlGrpc.newStub(server.channel()).watchCluster(WatchClusterRequest.getDefaultInstance(),
                collector(received)));
        try {
            Cluster first = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "the current state arrives at once");
            assertFalse(first.getPaused());
            fx.control.pause(false, null);
            Cluster next = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(next, "a change is pushed");
            assertTrue(next.getPaused());
            assertEquals(1, openWatches.get());
        } finally {
            ctx.cancel(null);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openWatches.get() == 0);
    }

    @Test
    void reflectionListsTheControlService() throws Exception {
        server.close();
        ControlGrpcService service = new ControlGrpcService(fx.control);
        server = new GrpcTestServer(fx.control, new AuthInterceptor(null, null, null),
                new ReflectionServiceV1(List.of(service.bindService())));
        BlockingQueue<ServerReflectionResponse> answers = new LinkedBlockingQueue<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(server.channel())
                .serverReflectionInfo(collector(answers));
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        ServerReflectionResponse answer = answers.poll(10, TimeUnit.SECONDS);
        requests.onCompleted();
        assertNotNull(answer);
        assertTrue(answer.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName)
                .anyMatch("steward.v1.Control"::equals), answer.toString());
    }

    static <T> StreamObserver<T> collector(BlockingQueue<T> sink) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                sink.add(value);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    static void assertCode(Status.Code code, String messagePart, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), String.valueOf(e.getStatus().getDescription()));
        String d = e.getStatus().getDescription();
        assertTrue(d != null && d.contains(messagePart), "description was: " + d);
    }
}
