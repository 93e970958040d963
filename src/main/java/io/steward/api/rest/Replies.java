package io.steward.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.steward.control.ControlException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes responses: JSON documents, Patroni's plain-text answers, JSON errors, and ControlException mapping. */
final class Replies {

    static final String JSON_TYPE = "application/json";
    static final String TEXT_TYPE = "text/plain; charset=utf-8";

    private Replies() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        String text;
        try {
            text = Requests.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the response as JSON: " + e.getOriginalMessage(), e);
        }
        send(ctx, status, JSON_TYPE, text);
    }

    static void text(RoutingContext ctx, int status, String body) {
        send(ctx, status, TEXT_TYPE, body == null ? "" : body);
    }

    static void error(RoutingContext ctx, int status, String message, boolean json) {
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            json(ctx, status, body);
        } else {
            text(ctx, status, message);
        }
    }

    static void statusOnly(RoutingContext ctx, int status) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Length", "0").end();
        }
    }

    /** The HTTP status of a refused control-plane call (CONTROL_API.md). */
    static int status(ControlException.Kind kind) {
        return switch (kind) {
            case INVALID_ARGUMENT -> 400;
            case NOT_FOUND -> 404;
            case FAILED_PRECONDITION -> 412;
            case ALREADY_EXISTS, ABORTED -> 409;
            case UNAVAILABLE, DEADLINE_EXCEEDED -> 503;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case INTERNAL -> 500;
        };
    }

    /** The body of a refused call; a deadline says it timed out even if the message does not. */
    static String message(ControlException e) {
        String m = e.getMessage() == null ? e.kind().name().toLowerCase() : e.getMessage();
        if (e.kind() == ControlException.Kind.DEADLINE_EXCEEDED && !m.toLowerCase().contains("timed out")) {
            return "timed out: " + m;
        }
        return m;
    }

    private static void send(RoutingContext ctx, int status, String type, String body) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", type).end(body);
    }
}
