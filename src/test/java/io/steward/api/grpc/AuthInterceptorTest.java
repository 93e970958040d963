package io.steward.api.grpc;

import io.grpc.Status;
import io.steward.api.grpc.v1.GetClusterRequest;
import io.steward.api.grpc.v1.GetConfigRequest;
import io.steward.api.grpc.v1.PatchConfigRequest;
import io.steward.api.grpc.v1.PauseRequest;
import io.steward.control.ControlFixture;
import io.steward.model.ClusterView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.steward.api.grpc.ControlGrpcServiceTest.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthInterceptorTest {

    private ControlFixture fx;
    private GrpcTestServer server;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ControlFixture();
        server = new GrpcTestServer(fx.control, new AuthInterceptor("s3cret", "admin", "pw"));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        fx.close();
    }

    @Test
    void mutationsWithoutCredentialsAreUnauthenticatedAndChangeNothing() throws Exception {
        ClusterView before = fx.view();
        assertCode(Status.Code.UNAUTHENTICATED, "Authentication required",
                () -> server.stub().pause(PauseRequest.getDefaultInstance()));
        assertCode(Status.Code.UNAUTHENTICATED, "Authentication required",
                () -> server.stub("Bearer wrong").pause(PauseRequest.getDefaultInstance()));
        assertCode(Status.Code.UNAUTHENTICATED, "Authentication required", () -> server.stub()
                .patchConfig(PatchConfigRequest.newBuilder().setJsonMergePatch("{\"ttl\": 60}").build()));
        assertEquals(before, fx.view());
        assertEquals(0, fx.local.wakes.get());
    }

    @Test
    void readsStayOpen() {
        assertEquals("node1", server.stub().getCluster(GetClusterRequest.getDefaultInstance()).getLeader());
        assertTrue(server.stub().getConfig(GetConfigRequest.getDefaultInstance()).getJson().contains("ttl"));
    }

    @Test
    void bearerTokenAndBasicCredentialsAreAccepted() throws Exception {
        server.stub("Bearer s3cret").pause(PauseRequest.getDefaultInstance());
        assertTrue(fx.view().isPaused());
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8));
        server.stub(basic).resume(PauseRequest.getDefaultInstance());
        assertFalse(fx.view().isPaused());
    }

    @Test
    void withoutConfiguredCredentialsAuthIsOff() throws Exception {
        server.close();
        server = new GrpcTestServer(fx.control, new AuthInterceptor(null, "", null));
        server.stub().pause(PauseRequest.getDefaultInstance());
        assertTrue(fx.view().isPaused());
    }

    @Test
    void onlyControlMutationsAreGuarded() {
        assertTrue(AuthInterceptor.isMutation("steward.v1.Control/Pause"));
        assertTrue(AuthInterceptor.isMutation("steward.v1.Control/PatchConfig"));
        assertFalse(AuthInterceptor.isMutation("steward.v1.Control/WatchCluster"));
        assertFalse(AuthInterceptor.isMutation("grpc.health.v1.Health/Check"));
        assertFalse(AuthInterceptor.isMutation("grpc.reflection.v1.ServerReflection/ServerReflectionInfo"));
    }
}
