package io.steward.api.rest;

import io.steward.control.LocalNode;
import io.steward.control.NodeStatus;
import io.steward.dcs.Dcs;
import io.steward.health.HealthChecks;
import io.steward.health.HealthChecks.Verdict;
import io.steward.model.ClusterView;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Patroni-compatible read side: health checks on GET/HEAD/OPTIONS (200 or 503; the status document on GET, the
 * status line only on HEAD and OPTIONS; the reason in {@code X-Steward-Reason}), and {@code /patroni},
 * {@code /status}, {@code /cluster}. Everything here reads in-memory snapshots, so it runs on the event loop.
 */
final class HealthRoutes {

    static final String REASON_HEADER = "X-Steward-Reason";

    enum Check { PRIMARY, LEADER, STANDBY_LEADER, REPLICA, READ_ONLY, HEALTH, SYNC, ASYNC, LIVENESS, READINESS }

    /** Every health path and its check; Patroni's aliases included. */
    static final Map<String, Check> PATHS = paths();

    private final LocalNode node;
    private final Dcs dcs;
    private final Clock clock;

    HealthRoutes(LocalNode node, Dcs dcs, Clock clock) {
        this.node = node;
        this.dcs = dcs;
        this.clock = clock;
    }

    void register(Router router) {
        PATHS.forEach((path, check) -> router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD)
                .method(HttpMethod.OPTIONS).handler(ctx -> check(ctx, check)));
        router.get("/patroni").handler(this::status);
        router.get("/status").handler(this::status);
        router.get("/cluster").handler(this::cluster);
    }

    /** The decision of one check, without HTTP. */
    static Verdict evaluate(Check check, NodeStatus s, ClusterView v, MultiMap query, java.time.Instant now) {
        return switch (check) {
            case PRIMARY -> HealthChecks.primary(s, v);
            case LEADER -> HealthChecks.leader(s, v);
            case STANDBY_LEADER -> HealthChecks.standbyLeader();
            case REPLICA -> HealthChecks.replica(s, v, QueryFilters.replicaFilter(query));
            case READ_ONLY -> HealthChecks.readOnly(s, v, QueryFilters.replicaFilter(query));
            case HEALTH -> HealthChecks.health(s, QueryFilters.replicaFilter(query));
            case SYNC -> HealthChecks.sync();
            case ASYNC -> HealthChecks.async(s, v, QueryFilters.replicaFilter(query));
            case LIVENESS -> HealthChecks.liveness(s, v, now);
            case READINESS -> HealthChecks.readiness(s, v, QueryFilters.readinessLag(query),
                    QueryFilters.writeMode(query));
        };
    }

    private void check(RoutingContext ctx, Check check) {
        NodeStatus s = node.status();
        if (s == null) {
            notReported(ctx);
            return;
        }
        ClusterView v = dcs.readLocal();
        Verdict verdict;
        try {
            verdict = evaluate(check, s, v, ctx.queryParams(), clock.instant());
        } catch (RestError e) {
            Replies.error(ctx, e.status(), e.getMessage(), true);
            return;
        }
        ctx.response().putHeader(REASON_HEADER, headerSafe(verdict.reason()));
        if (ctx.request().method() == HttpMethod.GET) {
            Replies.json(ctx, verdict.status(), StatusDocument.of(s, v));
        } else {
            Replies.statusOnly(ctx, verdict.status());
        }
    }

    private void status(RoutingContext ctx) {
        NodeStatus s = node.status();
        if (s == null) {
            notReported(ctx);
            return;
        }
        Replies.json(ctx, 200, StatusDocument.of(s, dcs.readLocal()));
    }

    private void cluster(RoutingContext ctx) {
        NodeStatus s = node.status();
        Replies.json(ctx, 200, ClusterDocument.of(dcs.readLocal(), s == null ? null : s.scope()));
    }

    /** Before the loop's first observation there is nothing to report: unavailable, for every check. */
    private static void notReported(RoutingContext ctx) {
        ctx.response().putHeader(REASON_HEADER, "the HA loop has not reported a status yet");
        if (ctx.request().method() == HttpMethod.GET) {
            Replies.error(ctx, 503, "the HA loop has not reported a status yet", true);
        } else {
            Replies.statusOnly(ctx, 503);
        }
    }

    private static String headerSafe(String reason) {
        return reason.replaceAll("[\\r\\n]", " ");
    }

    private static Map<String, Check> paths() {
        Map<String, Check> m = new LinkedHashMap<>();
        m.put("/", Check.PRIMARY);
        m.put("/primary", Check.PRIMARY);
        m.put("/master", Check.PRIMARY);
        m.put("/read-write", Check.PRIMARY);
        m.put("/leader", Check.LEADER);
        m.put("/standby-leader", Check.STANDBY_LEADER);
        m.put("/standby_leader", Check.STANDBY_LEADER);
        m.put("/replica", Check.REPLICA);
        m.put("/read-only", Check.READ_ONLY);
        m.put("/health", Check.HEALTH);
        m.put("/sync", Check.SYNC);
        m.put("/synchronous", Check.SYNC);
        m.put("/async", Check.ASYNC);
        m.put("/asynchronous", Check.ASYNC);
        m.put("/liveness", Check.LIVENESS);
        m.put("/readiness", Check.READINESS);
        return Map.copyOf(m);
    }
}
