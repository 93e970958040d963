package io.steward.postgres;

import java.util.Objects;

/** A PostgreSQL role name and its password (the password may be null where trust or peer auth is used). */
public record PgCredentials(String username, String password) {
    public PgCredentials {
        Objects.requireNonNull(username, "username");
        if (username.isBlank()) {
            throw new IllegalArgumentException("a PostgreSQL role name must not be blank");
        }
    }

    @Override
    public String toString() {
        return "PgCredentials[" + username + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
