package io.steward.health;

import io.steward.control.LocalNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Startup: the embedded DCS peer joined a group with a leader and the HA loop completed its first tick. */
@Startup
@ApplicationScoped
public class AgentStartupCheck implements HealthCheck {

    static final String NAME = "steward-startup";

    private final LocalNode node;

    @Inject
    public AgentStartupCheck(LocalNode node) {
        this.node = node;
    }

    @Override
    public HealthCheckResponse call() {
        return Responses.of(NAME, HealthChecks.startup(node.status()));
    }
}
