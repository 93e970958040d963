package io.steward.postgres;

import java.util.Objects;

/**
 * One way to create a replica. {@code basebackup} is built in (command null); any other method runs its command
 * through {@code /bin/sh -c} as the PostgreSQL OS user after replacing the placeholders {@code {data_dir}},
 * {@code {conn_url}}, {@code {host}}, {@code {port}}, {@code {user}} and {@code {name}} with shell-quoted values.
 * The leader's replication password is passed in PGPASSWORD, never on the command line.
 */
public record ReplicaMethod(String name, String command) {
    public static final String BASEBACKUP = "basebackup";

    public ReplicaMethod {
        Objects.requireNonNull(name, "name");
        if (!BASEBACKUP.equals(name) && (command == null || command.isBlank())) {
            throw new IllegalArgumentException("replica method '" + name + "' needs a command");
        }
    }

    public static ReplicaMethod basebackup() {
        return new ReplicaMethod(BASEBACKUP, null);
    }

    public boolean builtin() {
        return BASEBACKUP.equals(name) && command == null;
    }
}
