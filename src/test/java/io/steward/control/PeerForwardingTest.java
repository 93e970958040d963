package io.steward.control;

import com.sun.net.httpserver.HttpServer;
import io.steward.control.ControlException.Kind;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.steward.control.ControlServiceTest.assertKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-member requests for another member travel to that member's agent over its api_url (a real HTTP server). */
class PeerForwardingTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Map<String, String[]> answers = new ConcurrentHashMap<>();
    private HttpServer peer;
    private ControlFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body
                    + (auth == null ? "" : " auth=" + auth));
            String[] answer = answers.getOrDefault(exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath(), new String[] {"200", "OK"});
            byte[] bytes = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        peer.start();
        fx = new ControlFixture(new PeerClient("Bearer s3cret"));
        String api = "http://127.0.0.1:" + peer.getAddress().getPort();
        fx.replaceMember(ControlFixture.member("node2", PgRole.REPLICA, PgState.RUNNING, 1000, Tags.NONE, api));
    }

    @AfterEach
    void tearDown() {
        fx.close();
        peer.stop(0);
    }

    @Test
    void restartIsForwardedWithItsOptions() {
        answers.put("POST /restart", new String[] {"200", "restarted successfully"});
        assertEquals("restarted successfully", fx.control.restart("node2", true, "replica", null, null));
        assertEquals(1, received.size());
        String request = received.get(0);
        assertTrue(request.startsWith("POST /restart {\"restart_pending\":true,\"role\":\"replica\""), request);
        assertTrue(request.endsWith("auth=Bearer s3cret"), request);
        assertTrue(fx.local.requests.isEmpty(), "the local loop is not involved");
    }

    @Test
    void reinitializeAndReloadAreForwarded() {
        answers.put("POST /reinitialize", new String[] {"200", "reinitialize started"});
        answers.put("POST /reload", new String[] {"202", "reload scheduled"});
        assertEquals("reinitialize started", fx.control.reinitialize("node2", true, false, false, null));
        assertEquals("reload scheduled", fx.control.reload("node2"));
        assertTrue(received.get(0).startsWith("POST /reinitialize {\"force\":true,\"from_leader\":false}"),
                received.get(0));
        assertTrue(received.get(1).startsWith("POST /reload"), received.get(1));
    }

    @Test
    void cancelRestartOnAPeerWithoutScheduledRestartIsFalse() {
        answers.put("DELETE /restart", new String[] {"404", "{\"error\": \"no restart is scheduled\"}"});
        assertFalse(fx.control.cancelRestart("node2"));
        assertTrue(received.get(0).startsWith("DELETE /restart"), received.get(0));
    }

    @Test
    void peerRefusalKeepsThePeersMessageAndKind() {
        answers.put("POST /reinitialize", new String[] {"503", "{\"error\": \"reinitialize already in progress\"}"});
        assertKind(Kind.UNAVAILABLE, "reinitialize already in progress",
                () -> fx.control.reinitialize("node2", false, false, false, null));
        answers.put("POST /restart", new String[] {"412", "restart conditions are not satisfied"});
        assertKind(Kind.FAILED_PRECONDITION, "restart conditions are not satisfied",
                () -> fx.control.restart("node2", false, null, null, null));
    }

    @Test
    void unreachablePeerIsUnavailableNamingTheMember() throws IOException {
        assertKind(Kind.UNAVAILABLE, "Member node3 is unreachable at http://127.0.0.1:1/node3",
                () -> fx.control.reload("node3"));
    }
}
