package io.steward.health;

import io.steward.control.LocalNode;
import io.steward.dcs.Dcs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Clock;

/**
 * Liveness: the HA loop ticked within ttl (2*ttl unless running as primary); always UP while paused. It never asks
 * whether PostgreSQL is up: a restart of the agent would not fix PostgreSQL.
 */
@Liveness
@ApplicationScoped
public class HaLoopLivenessCheck implements HealthCheck {

    static final String NAME = "steward-ha-loop";

    private final LocalNode node;
    private final Dcs dcs;
    private final Clock clock;

    @Inject
    public HaLoopLivenessCheck(LocalNode node, Dcs dcs, Instance<Clock> clocks) {
        this(node, dcs, ClockSource.of(clocks));
    }

    public HaLoopLivenessCheck(LocalNode node, Dcs dcs, Clock clock) {
        this.node = node;
        this.dcs = dcs;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        return Responses.of(NAME, HealthChecks.liveness(node.status(), dcs.readLocal(), clock.instant()));
    }
}
