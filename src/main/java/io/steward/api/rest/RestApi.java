package io.steward.api.rest;

import io.steward.control.ControlService;
import io.steward.control.LocalNode;
import io.steward.dcs.Dcs;
import io.steward.health.ClockSource;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * The agent's Patroni-compatible REST API on the application's HTTP port: registers the health, status and operator
 * routes on Quarkus' router. Needs the {@link ControlService}, this agent's {@link LocalNode}, the {@link Dcs} (local
 * reads for status and health), an optional {@link Clock} bean and {@link RestSettings} from MicroProfile Config.
 * Outside Quarkus (tests, tools) construct it directly and call {@link #register(Router)}.
 */
@ApplicationScoped
public class RestApi {

    private static final Logger LOG = Logger.getLogger(RestApi.class);

    private final HealthRoutes health;
    private final OperatorRoutes operator;
    private final boolean authenticated;

    @Inject
    public RestApi(ControlService control, LocalNode node, Dcs dcs, Instance<Clock> clocks) {
        this(control, node, dcs, ClockSource.of(clocks), RestSettings.fromConfig());
    }

    public RestApi(ControlService control, LocalNode node, Dcs dcs, Clock clock, RestSettings settings) {
        this.health = new HealthRoutes(node, dcs, clock);
        this.operator = new OperatorRoutes(control, node, dcs, clock, settings);
        this.authenticated = settings.authenticationRequired();
    }

    void init(@Observes Router router) {
        register(router);
        LOG.infof("REST API registered (authentication for mutating calls: %s)", authenticated ? "on" : "off");
    }

    /** Adds every route of the API to {@code router}. */
    public void register(Router router) {
        health.register(router);
        operator.register(router);
    }
}
