package io.steward.postgres;

import java.util.Objects;

/** The PostgreSQL server to replicate from (the leader), as the HA loop read it from the DCS. */
public record Upstream(String name, String host, int port) {
    public Upstream {
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port + " for upstream " + name);
        }
    }

    @Override
    public String toString() {
        return (name == null ? "" : name + "@") + host + ":" + port;
    }
}
