package io.steward.health;

import io.steward.control.LocalNode;
import io.steward.dcs.Dcs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: this node holds the leader lease as a running primary, or is a running streaming replica within
 * maximum_lag_on_failover of the leader's optime.
 */
@Readiness
@ApplicationScoped
public class LeaseReadinessCheck implements HealthCheck {

    static final String NAME = "steward-lease";

    private final LocalNode node;
    private final Dcs dcs;

    @Inject
    public LeaseReadinessCheck(LocalNode node, Dcs dcs) {
        this.node = node;
        this.dcs = dcs;
    }

    @Override
    public HealthCheckResponse call() {
        return Responses.of(NAME, HealthChecks.leaseReadiness(node.status(), dcs.readLocal()));
    }
}
