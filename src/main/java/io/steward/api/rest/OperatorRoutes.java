package io.steward.api.rest;

import io.steward.control.ControlException;
import io.steward.control.ControlService;
import io.steward.control.LocalNode;
import io.steward.dcs.Dcs;
import io.steward.model.HistoryEntry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The operator endpoints, each a translation of the request onto {@link ControlService}: validate the body, call,
 * map the answer. They may wait for an outcome, so they run on worker threads. Mutating calls pass {@link RestAuth}
 * first. Per-member operations (restart, reinitialize, reload) act on this agent's own member.
 */
final class OperatorRoutes {

    private static final Logger LOG = Logger.getLogger(OperatorRoutes.class);
    private static final long BODY_LIMIT = 1024 * 1024;

    /** Does an operation and writes its reply; may throw RestError or ControlException. */
    private interface Operation {
        void run(RoutingContext ctx);
    }

    private final ControlService control;
    private final LocalNode node;
    private final Dcs dcs;
    private final Clock clock;
    private final RestSettings settings;
    private final RestAuth auth;

    OperatorRoutes(ControlService control, LocalNode node, Dcs dcs, Clock clock, RestSettings settings) {
        this.control = control;
        this.node = node;
        this.dcs = dcs;
        this.clock = clock;
        this.settings = settings;
        this.auth = new RestAuth(settings);
    }

    void register(Router router) {
        read(router, "/history", ctx -> Replies.json(ctx, 200, historyRows(control.history())));
        read(router, "/config", ctx -> Replies.json(ctx, 200, control.config()));
        write(router, HttpMethod.PATCH, "/config", true, this::patchConfig);
        write(router, HttpMethod.PUT, "/config", true, this::replaceConfig);
        write(router, HttpMethod.POST, "/switchover", false, this::switchover);
        write(router, HttpMethod.POST, "/failover", false, this::failover);
        write(router, HttpMethod.DELETE, "/switchover", false, this::cancelSwitchover);
        write(router, HttpMethod.POST, "/restart", false, this::restart);
        write(router, HttpMethod.DELETE, "/restart", false, this::cancelRestart);
        write(router, HttpMethod.POST, "/reinitialize", false, this::reinitialize);
        write(router, HttpMethod.POST, "/reload", false, this::reload);
    }

    private void read(Router router, String path, Operation op) {
        router.get(path).blockingHandler(guarded(op, true, false), false);
    }

    private void write(Router router, HttpMethod method, String path, boolean jsonErrors, Operation op) {
        Route route = router.route(method, path);
        route.handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        route.handler(this::authenticate);
        boolean candidateOp = method == HttpMethod.POST && (path.equals("/switchover") || path.equals("/failover"));
        route.blockingHandler(guarded(op, jsonErrors, candidateOp), false);
    }

    private void authenticate(RoutingContext ctx) {
        if (auth.permits(ctx.request().getHeader("Authorization"))) {
            LOG.infof("operator request %s %s from %s", ctx.request().method(), ctx.request().path(),
                    ctx.request().remoteAddress());
            ctx.next();
            return;
        }
        LOG.warnf("refused unauthenticated %s %s from %s", ctx.request().method(), ctx.request().path(),
                ctx.request().remoteAddress());
        ctx.response().headers().add("WWW-Authenticate", auth.challenges());
        Replies.error(ctx, 401, "authentication required: send valid credentials for "
                + String.join(" or ", schemes()), true);
    }

    private List<String> schemes() {
        List<String> out = new ArrayList<>();
        auth.challenges().forEach(c -> out.add(c.substring(0, c.indexOf(' '))));
        return out;
    }

    /**
     * Runs an operation and maps its failures: RestError as is, ControlException by kind (an unknown candidate of a
     * switchover or failover is 412 as in Patroni), anything else 500.
     */
    private Handler<RoutingContext> guarded(Operation op, boolean jsonErrors, boolean candidateOp) {
        return ctx -> {
            try {
                op.run(ctx);
            } catch (RestError e) {
                Replies.error(ctx, e.status(), e.getMessage(), e.json() || jsonErrors);
            } catch (ControlException e) {
                int status = candidateOp && e.kind() == ControlException.Kind.NOT_FOUND ? 412
                        : Replies.status(e.kind());
                Replies.error(ctx, status, Replies.message(e), jsonErrors);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s %s failed", ctx.request().method(), ctx.request().path());
                Replies.error(ctx, 500, "internal error: " + e, jsonErrors);
            }
        };
    }

    private void patchConfig(RoutingContext ctx) {
        Map<String, Object> patch = Requests.object(ctx.body().asString(), false);
        Replies.json(ctx, 200, control.patchConfig(patch));
    }

    private void replaceConfig(RoutingContext ctx) {
        Map<String, Object> config = Requests.object(ctx.body().asString(), false);
        Replies.json(ctx, 200, control.replaceConfig(config));
    }

    private void switchover(RoutingContext ctx) {
        Map<String, Object> body = Requests.object(ctx.body().asString(), false);
        Requests.Switchover req = Requests.switchover(body, dcs.readLocal().isPaused(), clock.instant());
        String text = control.switchover(req.leader(), req.candidate(), req.scheduledAt(),
                settings.operationTimeout());
        Replies.text(ctx, req.scheduledAt() == null ? 200 : 202, text);
    }

    private void failover(RoutingContext ctx) {
        Requests.Failover req = Requests.failover(Requests.object(ctx.body().asString(), false));
        String text = req.leader() != null
                ? control.switchover(req.leader(), req.candidate(), null, settings.operationTimeout())
                : control.failover(req.candidate(), settings.operationTimeout());
        Replies.text(ctx, 200, text);
    }

    private void cancelSwitchover(RoutingContext ctx) {
        control.cancelSwitchover();
        Replies.text(ctx, 200, "scheduled switchover deleted");
    }

    private void restart(RoutingContext ctx) {
        Requests.Restart req = Requests.restart(Requests.object(ctx.body().asString(), true), clock.instant());
        Duration timeout = req.timeout() == null ? settings.operationTimeout() : req.timeout();
        String text = control.restart(node.name(), req.pendingOnly(), req.role(), req.scheduledAt(), timeout);
        Replies.text(ctx, req.scheduledAt() == null ? 200 : 202, text);
    }

    private void cancelRestart(RoutingContext ctx) {
        if (control.cancelRestart(node.name())) {
            Replies.text(ctx, 200, "scheduled restart deleted");
        } else {
            Replies.text(ctx, 404, "no restarts are scheduled");
        }
    }

    private void reinitialize(RoutingContext ctx) {
        Requests.Reinitialize req = Requests.reinitialize(Requests.object(ctx.body().asString(), true));
        String text = control.reinitialize(node.name(), req.force(), req.fromLeader(), false,
                settings.operationTimeout());
        Replies.text(ctx, 200, text);
    }

    private void reload(RoutingContext ctx) {
        Replies.text(ctx, 202, control.reload(node.name()));
    }

    /** Patroni's history rows: [timeline, lsn, reason, timestamp, new_leader]. */
    static List<List<Object>> historyRows(List<HistoryEntry> history) {
        List<List<Object>> rows = new ArrayList<>(history.size());
        for (HistoryEntry h : history) {
            rows.add(Arrays.asList(h.timeline(), h.lsn(), h.reason(), h.timestamp(), h.newLeader()));
        }
        return rows;
    }
}
