package io.steward.health;

import org.eclipse.microprofile.health.HealthCheckResponse;

/** Turns a {@link HealthChecks.Verdict} into a MicroProfile response carrying its reason. */
final class Responses {

    private Responses() {
    }

    static HealthCheckResponse of(String name, HealthChecks.Verdict verdict) {
        return HealthCheckResponse.named(name).status(verdict.ok()).withData("reason", verdict.reason()).build();
    }
}
