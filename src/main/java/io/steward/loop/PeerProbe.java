package io.steward.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.model.Member;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Asks other members' agents for their current WAL position over REST ({@code GET /patroni}), in parallel and with a
 * short timeout, when the leader lease is gone and this node must know whether it is the most advanced candidate.
 */
public final class PeerProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final Duration timeout;

    public PeerProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Name to LSN for every peer that answered as a running replica in time; unreachable peers are absent. */
    public Map<String, Long> lsns(List<Member> peers) {
        Map<String, CompletableFuture<Long>> pending = new HashMap<>();
        for (Member m : peers) {
            if (m.apiUrl() == null || m.apiUrl().isBlank()) {
                continue;
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create(trimSlash(m.apiUrl()) + "/patroni"))
                    .timeout(timeout).GET().build();
            pending.put(m.name(), http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> r.statusCode() == 200 || r.statusCode() == 503 ? lsnOf(r.body()) : -1L)
                    .exceptionally(e -> -1L));
        }
        Map<String, Long> result = new HashMap<>();
        pending.forEach((name, f) -> {
            try {
                long lsn = f.get();
                if (lsn >= 0) {
                    result.put(name, lsn);
                }
            } catch (Exception e) {
                // unreachable: absent
            }
        });
        return result;
    }

    static long lsnOf(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (!"running".equals(n.path("state").asText())) {
                return -1;
            }
            JsonNode xlog = n.path("xlog");
            long received = xlog.path("received_location").asLong(0);
            long replayed = xlog.path("replayed_location").asLong(0);
            long location = xlog.path("location").asLong(0);
            return Math.max(location, Math.max(received, replayed));
        } catch (Exception e) {
            return -1;
        }
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
