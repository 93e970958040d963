package io.steward.api.rest;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the REST API, all optional.
 *
 * @param username         {@code steward.restapi.authentication.username}: basic auth user for mutating calls
 * @param password         {@code steward.restapi.authentication.password}
 * @param token            {@code steward.restapi.token}: bearer token for mutating calls
 * @param operationTimeout {@code steward.restapi.operation-timeout}: how long switchover, failover and restart wait
 *                         for their outcome before answering 503 with the real state (default 60s)
 */
public record RestSettings(String username, String password, String token, Duration operationTimeout) {

    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(60);

    public RestSettings {
        username = blankToNull(username);
        password = blankToNull(password);
        token = blankToNull(token);
        operationTimeout = operationTimeout == null ? DEFAULT_OPERATION_TIMEOUT : operationTimeout;
        if (operationTimeout.isNegative() || operationTimeout.isZero()) {
            throw new IllegalArgumentException("steward.restapi.operation-timeout must be positive, got "
                    + operationTimeout);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("steward.restapi.authentication needs both username and password"
                    + " (or neither)");
        }
    }

    /** No authentication, default timeout. */
    public static RestSettings open() {
        return new RestSettings(null, null, null, null);
    }

    /** Reads the settings from MicroProfile Config; absent keys turn authentication off. */
    public static RestSettings fromConfig() {
        return fromConfig(ConfigProvider.getConfig());
    }

    public static RestSettings fromConfig(Config config) {
        return new RestSettings(
                string(config, "steward.restapi.authentication.username"),
                string(config, "steward.restapi.authentication.password"),
                string(config, "steward.restapi.token"),
                config.getOptionalValue("steward.restapi.operation-timeout", Duration.class).orElse(null));
    }

    public boolean authenticationRequired() {
        return username != null || token != null;
    }

    private static String string(Config config, String key) {
        Optional<String> value = config.getOptionalValue(key, String.class);
        return value.orElse(null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "RestSettings[username=" + username + ", password=" + (password == null ? "unset" : "***")
                + ", token=" + (token == null ? "unset" : "***") + ", operationTimeout=" + operationTimeout + "]";
    }
}
