package io.steward.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.control.PeerHttp;
import io.steward.model.Member;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Asks other members' agents for their current WAL position over REST ({@code GET /patroni}), in parallel and with a
 * short timeout, when the leader lease is gone and this node must know whether it is the most advanced candidate.
 */
public final class PeerProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Duration timeout;
    /** One thread per peer asked at once; idle threads go away after a minute (probes are rare). */
    private final ExecutorService askers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "steward-peer-probe");
                t.setDaemon(true);
                return t;
            });

    public PeerProbe(Duration timeout) {
        this.timeout = timeout;
    }

    /** Name to LSN for every peer that answered as a running replica in time; unreachable peers are absent. */
    public Map<String, Long> lsns(List<Member> peers) {
        Map<String, CompletableFuture<Long>> pending = new HashMap<>();
        for (Member m : peers) {
            if (m.apiUrl() == null || m.apiUrl().isBlank()) {
                continue;
            }
            String url = trimSlash(m.apiUrl()) + "/patroni";
            pending.put(m.name(), CompletableFuture.supplyAsync(() -> ask(url), askers));
        }
        Map<String, Long> result = new HashMap<>();
        pending.forEach((name, f) -> {
            try {
                long lsn = f.get(2 * timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                if (lsn >= 0) {
                    result.put(name, lsn);
                }
            } catch (Exception e) {
                // unreachable: absent
            }
        });
        return result;
    }

    private long ask(String url) {
        try {
            PeerHttp.Response r = PeerHttp.exchange("GET", url, null, null, timeout, timeout);
            return r.status() == 200 || r.status() == 503 ? lsnOf(r.body()) : -1L;
        } catch (Exception e) {
            return -1L;
        }
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
