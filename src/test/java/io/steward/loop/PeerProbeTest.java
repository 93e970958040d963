package io.steward.loop;

import com.sun.net.httpserver.HttpServer;
import io.steward.model.Member;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The probe of other members' WAL positions, against a real HTTP server standing in for their agents. */
class PeerProbeTest {

    private HttpServer peers;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws Exception {
        peers = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peers.setExecutor(Executors.newCachedThreadPool());
        answer("/a/patroni", 200, "{\"state\":\"running\",\"role\":\"replica\",\"xlog\":{\"received_location\":500,"
                + "\"replayed_location\":400}}");
        answer("/b/patroni", 503, "{\"state\":\"running\",\"role\":\"primary\",\"xlog\":{\"location\":900}}");
        answer("/stopped/patroni", 503, "{\"state\":\"stopped\",\"role\":\"replica\"}");
        answer("/garbage/patroni", 200, "not json");
        answer("/missing/patroni", 404, "{\"error\":\"no\"}");
        peers.createContext("/slow/patroni", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        peers.start();
    }

    private void answer(String path, int status, String body) {
        peers.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        peers.stop(0);
    }

    private Member member(String name, String apiUrl) {
        return new Member(name, "postgres://127.0.0.1:5432/postgres", apiUrl, PgState.RUNNING, PgRole.REPLICA, 1, 0,
                null, null, Tags.NONE, false, false, "15", null);
    }

    private String url(String name) {
        return "http://127.0.0.1:" + peers.getAddress().getPort() + "/" + name + "/";
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void reportsTheFurthestPositionOfEveryRunningPeerThatAnswers() throws Exception {
        PeerProbe probe = new PeerProbe(Duration.ofMillis(800));
        Map<String, Long> lsns = probe.lsns(List.of(
                member("a", url("a")),
                member("b", url("b")),
                member("stopped", url("stopped")),
                member("garbage", url("garbage")),
                member("missing", url("missing")),
                member("slow", url("slow")),
                member("refused", "http://127.0.0.1:" + closedPort()),
                member("no-api", null),
                member("bad-url", "not a url")));
        assertEquals(Map.of("a", 500L, "b", 900L), lsns);
    }

    @Test
    void lsnOfTakesTheLargestOfTheReportedPositions() {
        assertEquals(700, PeerProbe.lsnOf("{\"state\":\"running\",\"xlog\":{\"location\":700,\"received_location\":10}}"));
        assertEquals(-1, PeerProbe.lsnOf("{\"state\":\"starting\",\"xlog\":{\"location\":700}}"));
        assertEquals(-1, PeerProbe.lsnOf(""));
    }
}
