package io.steward.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Forwards a per-member request to that member's agent over its REST {@code api_url}. Short timeouts; any failure
 * becomes a {@link ControlException}: UNAVAILABLE naming the member when it cannot be reached, otherwise the kind that
 * matches the peer's HTTP status with the peer's own message.
 */
@ApplicationScoped
public class PeerClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration MIN_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final String authorization;

    public PeerClient() {
        this(authorizationFromConfig());
    }

    /** @param authorization the value of the Authorization header sent to peers, or null for none */
    public PeerClient(String authorization) {
        this.authorization = authorization;
    }

    public String restart(String member, String apiUrl, boolean pendingOnly, String role, Instant scheduledAt,
                          Duration timeout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("restart_pending", pendingOnly);
        if (role != null) {
            body.put("role", role);
        }
        if (scheduledAt != null) {
            body.put("schedule", scheduledAt.toString());
        }
        if (timeout != null) {
            body.put("timeout", timeout.toSeconds());
        }
        return send(member, apiUrl, "POST", "/restart", body, timeout);
    }

    public boolean cancelRestart(String member, String apiUrl) {
        try {
            send(member, apiUrl, "DELETE", "/restart", null, null);
            return true;
        } catch (ControlException e) {
            if (e.kind() == ControlException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    public String reinitialize(String member, String apiUrl, boolean force, boolean fromLeader, Duration timeout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("force", force);
        body.put("from_leader", fromLeader);
        return send(member, apiUrl, "POST", "/reinitialize", body, timeout);
    }

    public String reload(String member, String apiUrl) {
        return send(member, apiUrl, "POST", "/reload", null, null);
    }

    private String send(String member, String apiUrl, String method, String path, Map<String, Object> body,
                        Duration timeout) {
        if (apiUrl == null || apiUrl.isBlank()) {
            throw new ControlException(ControlException.Kind.UNAVAILABLE,
                    "Member " + member + " publishes no api_url, cannot forward the request");
        }
        Duration requestTimeout = timeout == null || timeout.compareTo(MIN_REQUEST_TIMEOUT) < 0
                ? MIN_REQUEST_TIMEOUT : timeout.plusSeconds(5);
        String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        PeerHttp.Response response;
        try {
            String json = body == null ? null : JSON.writeValueAsString(body);
            response = PeerHttp.exchange(method, base + path, authorization, json, CONNECT_TIMEOUT, requestTimeout);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new ControlException(ControlException.Kind.UNAVAILABLE,
                    "Member " + member + " has an invalid api_url " + apiUrl + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ControlException(ControlException.Kind.UNAVAILABLE,
                    "Member " + member + " is unreachable at " + apiUrl + ": " + describe(e), e);
        }
        return interpret(member, response);
    }

    private static String interpret(String member, PeerHttp.Response response) {
        String text = messageOf(response.body());
        int code = response.status();
        if (code >= 200 && code < 300) {
            return text.isEmpty() ? "OK" : text;
        }
        String message = text.isEmpty() ? "Member " + member + " answered HTTP " + code : text;
        throw new ControlException(kindFor(code), message);
    }

    static ControlException.Kind kindFor(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> ControlException.Kind.INVALID_ARGUMENT;
            case 401 -> ControlException.Kind.UNAUTHENTICATED;
            case 403 -> ControlException.Kind.PERMISSION_DENIED;
            case 404 -> ControlException.Kind.NOT_FOUND;
            case 409 -> ControlException.Kind.ABORTED;
            case 412 -> ControlException.Kind.FAILED_PRECONDITION;
            case 503 -> ControlException.Kind.UNAVAILABLE;
            default -> ControlException.Kind.INTERNAL;
        };
    }

    /** The peer answers with {"error": ...}, {"message": ...} or plain text; keep one readable line. */
    private static String messageOf(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String trimmed = body.trim();
        if (trimmed.startsWith("{")) {
            try {
                Map<?, ?> map = JSON.readValue(trimmed, Map.class);
                for (String key : new String[] {"error", "message"}) {
                    if (map.get(key) != null) {
                        return map.get(key).toString();
                    }
                }
            } catch (JsonProcessingException e) {
                return firstLine(trimmed);
            }
        }
        return firstLine(trimmed);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String authorizationFromConfig() {
        var config = ConfigProvider.getConfig();
        var token = config.getOptionalValue("steward.restapi.token", String.class);
        if (token.isPresent() && !token.get().isBlank()) {
            return "Bearer " + token.get();
        }
        var user = config.getOptionalValue("steward.restapi.authentication.username", String.class);
        var password = config.getOptionalValue("steward.restapi.authentication.password", String.class);
        if (user.isPresent() && password.isPresent()) {
            String pair = user.get() + ":" + password.get();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }
}
