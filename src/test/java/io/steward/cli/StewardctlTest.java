package io.steward.cli;

import io.steward.api.grpc.AuthInterceptor;
import io.steward.api.grpc.GrpcTestServer;
import io.steward.control.ControlFixture;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** stewardctl end to end against a real gRPC server backed by the in-memory DCS. */
class StewardctlTest {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private ControlFixture fx;
    private GrpcTestServer server;
    private String out;
    private String err;

    @BeforeEach
    void setUp() throws Exception {
        fx = track(new ControlFixture());
        server = track(new GrpcTestServer(fx.control, new AuthInterceptor(null, null, null)));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private int run(String... args) {
        CliRun r = CliRun.of(args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    private String ep() {
        return server.endpoint();
    }

    @Test
    void listShowsTheTableAndMaintenanceMode() throws Exception {
        assertEquals(0, run("--endpoint", ep(), "list"));
        assertTrue(out.contains("| node1  | 10.0.0.1:5432 | Leader  | running | 1  |           |"), out);
        assertFalse(out.contains("Maintenance mode"));
        fx.pauseDirectly();
        assertEquals(0, run("--endpoint", ep(), "list"));
        assertTrue(out.contains("Maintenance mode: on"), out);
        assertEquals(0, run("--endpoint", ep(), "list", "-f", "json"));
        assertTrue(out.trim().startsWith("[") && out.contains("\"Member\" : \"node4\""), out);
    }

    @Test
    void refusedRequestExitsOneWithTheServersMessageOnOneLine() throws Exception {
        assertEquals(0, run("--endpoint", ep(), "pause"));
        assertTrue(fx.view().isPaused());
        assertEquals(1, run("--endpoint", ep(), "pause"));
        assertEquals("Cluster is already paused\n", err);
        assertEquals(0, run("--endpoint", ep(), "resume"));
        assertEquals(1, run("--endpoint", ep(), "resume"));
        assertEquals("Cluster is not paused\n", err);
    }

    @Test
    void usageErrorsAndUnreachableClusterExitTwo() throws Exception {
        assertEquals(2, run("--endpoint", ep(), "frobnicate"));
        assertTrue(err.startsWith("Unknown command frobnicate"), err);
        assertEquals(2, run("--endpoint", ep(), "failover"));
        assertEquals("failover needs --candidate MEMBER\n", err);
        assertEquals(2, run("list"));
        assertTrue(err.startsWith("No endpoint"), err);
        assertEquals(2, run());
        assertTrue(out.startsWith("usage: stewardctl"));
        String dead = "127.0.0.1:" + freePort();
        assertEquals(2, run("--endpoint", dead, "list"));
        assertTrue(err.startsWith("Cannot reach the cluster: " + dead), err);
        assertEquals(0, run("version"));
        assertTrue(out.startsWith("stewardctl version "));
    }

    @Test
    void fallsOverToAReachableEndpoint() throws Exception {
        assertEquals(0, run("--endpoint", "127.0.0.1:" + freePort(), "--endpoint", ep(), "pause"));
        assertTrue(fx.view().isPaused());
    }

    @Test
    void mutationsGoToTheLeaderFirst() throws Exception {
        ControlFixture leaderSide = track(new ControlFixture());
        GrpcTestServer leaderServer = track(new GrpcTestServer(leaderSide.control,
                new AuthInterceptor(null, null, null)));
        fx.replaceMember(ControlFixture.member("node1", PgRole.PRIMARY, PgState.RUNNING, 100_000_000L, Tags.NONE,
                "http://" + leaderServer.endpoint()));
        assertEquals(0, run("--endpoint", ep(), "pause"));
        assertTrue(leaderSide.view().isPaused(), "the leader's agent got the request");
        assertFalse(fx.view().isPaused(), "the first contact only told who the leader is");
    }

    @Test
    void switchoverFailoverAndFlush() throws Exception {
        fx.local.onWake(fx::actLikeHaLoop);
        assertEquals(0, run("--endpoint", ep(), "switchover", "--primary", "node1", "--candidate", "node2",
                "--force"));
        assertEquals("Successfully switched over to \"node2\"\n", out);
        assertEquals(1, run("--endpoint", ep(), "switchover", "--leader", "node1", "--candidate", "node3"));
        assertEquals("Member node1 is not the leader (the leader is node2)\n", err);
        assertEquals(0, run("--endpoint", ep(), "failover", "--candidate", "node1"));
        assertEquals("Successfully failed over to \"node1\"\n", out);
        String at = Instant.now().plusSeconds(3600).toString();
        assertEquals(0, run("--endpoint", ep(), "switchover", "--candidate", "node2", "--scheduled", at));
        assertTrue(out.startsWith("Switchover scheduled at "), out);
        assertEquals(0, run("--endpoint", ep(), "flush", "switchover"));
        assertEquals(1, run("--endpoint", ep(), "flush", "node1", "switchover"));
        assertEquals("No pending scheduled switchover\n", err);
    }

    @Test
    void memberCommands() throws Exception {
        assertEquals(0, run("--endpoint", ep(), "restart", "node1", "--role", "primary", "--pending"));
        assertEquals("node1: restarted successfully\n", out);
        assertEquals(List.of("restart pending=true role=primary at=null"), fx.local.requests);
        assertEquals(1, run("--endpoint", ep(), "reinit", "node1", "--force"));
        assertEquals("Member node1 is the leader, can't reinitialize\n", err);
        assertEquals(2, run("--endpoint", ep(), "reinit"));
        assertEquals(0, run("--endpoint", ep(), "reload", "node1"));
        assertEquals("node1: reloaded\n", out);
        assertEquals(1, run("--endpoint", ep(), "flush", "node1", "restart"));
        assertEquals("node1: No scheduled restart on member node1\n", err);
        assertEquals(1, run("--endpoint", ep(), "restart"));
        assertTrue(out.contains("node1: restarted successfully") && out.contains("node2: failed: Member node2 is "
                + "unreachable"), out);
    }

    @Test
    void configCommands(@TempDir Path dir) throws Exception {
        assertEquals(0, run("--endpoint", ep(), "edit-config", "-s", "loop_wait=5", "-p", "work_mem=8MB"));
        assertEquals("Configuration changed\n", out);
        assertEquals(0, run("--endpoint", ep(), "show-config"));
        assertTrue(out.contains("loop_wait: 5") && out.contains("work_mem: 8MB"), out);
        assertEquals(1, run("--endpoint", ep(), "edit-config", "-s", "ttl=\"x\""));
        assertTrue(err.startsWith("Invalid value for ttl"), err);
        assertEquals(2, run("--endpoint", ep(), "edit-config"));
        Path patch = dir.resolve("p.yml");
        Files.writeString(patch, "pause: true\n");
        assertEquals(0, run("--endpoint", ep(), "edit-config", "--apply", patch.toString()));
        assertTrue(fx.view().isPaused());
        assertEquals(0, run("--endpoint", ep(), "history"));
        assertTrue(out.contains("| TL | LSN | Reason | Timestamp | New Leader |"), out);
    }

    @Test
    void configFileGivesEndpointAndCredentials(@TempDir Path dir) throws Exception {
        ControlFixture secured = track(new ControlFixture());
        GrpcTestServer securedServer = track(new GrpcTestServer(secured.control,
                new AuthInterceptor("tok", null, null)));
        assertEquals(1, run("--endpoint", securedServer.endpoint(), "pause"));
        assertTrue(err.startsWith("Authentication required"), err);
        Path config = dir.resolve("steward.yml");
        Files.writeString(config, "scope: demo\nrestapi:\n  listen: 0.0.0.0:" + securedServer.port()
                + "\n  token: tok\n");
        assertEquals(0, run("-c", config.toString(), "pause"));
        assertTrue(secured.view().isPaused());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
