package io.steward.api.rest.wiring;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;
import java.util.Set;

/** No database and no dev services: the wiring test only needs the HTTP port and the beans of this package. */
public class WiringProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(TestAgentBeans.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.devservices.enabled", "false",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/unused",
                "quarkus.datasource.health.enabled", "false",
                "quarkus.datasource.jdbc.min-size", "0",
                "quarkus.http.test-port", "0");
    }
}
