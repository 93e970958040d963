package io.steward.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creates a replica's data directory from the leader, trying the configured methods in order. */
final class ReplicaCloner {
    private final PgSettings settings;
    private final PgBinaries binaries;
    private final ProcessRunner runner;
    private final DataDirectory dir;
    private final PgConnector connector;

    ReplicaCloner(PgSettings settings, PgBinaries binaries, ProcessRunner runner, DataDirectory dir,
            PgConnector connector) {
        this.settings = settings;
        this.binaries = binaries;
        this.runner = runner;
        this.dir = dir;
        this.connector = connector;
    }

    /**
     * Clones into the data directory, which must be absent or empty.
     *
     * @return the name of the method that succeeded
     * @throws PgDataDirectoryForeign / PgDataDirectoryExists when the directory is not empty (nothing touched)
     * @throws PgCommandFailed when every method failed (the directory is left empty)
     */
    String cloneFrom(Upstream leader, Duration timeout) {
        dir.requireEmpty("clone a replica");
        List<String> failures = new ArrayList<>();
        for (ReplicaMethod method : settings.createReplicaMethods()) {
            dir.create();
            ProcessRunner.Result r = method.builtin() ? basebackup(leader, timeout) : custom(method, leader, timeout);
            if (r.ok() && dir.kind() == DataDirectory.Kind.POSTGRES) {
                return method.name();
            }
            failures.add(method.name() + ": " + (r.ok() ? "exited 0 but left no PG_VERSION" : r.output()));
            dir.clear();
        }
        throw new PgCommandFailed("could not create a replica from " + leader + ": every method failed", -1,
                String.join("\n", failures));
    }

    private ProcessRunner.Result basebackup(Upstream leader, Duration timeout) {
        String slot = ReplicationSlots.slotNameFor(settings.name());
        List<String> args = new ArrayList<>(List.of(binaries.path("pg_basebackup"), "-D", dir.path().toString(),
                "-X", "stream", "--checkpoint=fast", "-w", "-d", replicationConninfo(leader)));
        if (leaderHasSlot(leader, slot)) {
            args.add("-S");
            args.add(slot);
        }
        return runner.run(args, passwordEnv(), timeout);
    }

    private ProcessRunner.Result custom(ReplicaMethod method, Upstream leader, Duration timeout) {
        PgCredentials r = settings.replication();
        String connUrl = "postgresql://" + r.username() + "@" + leader.host() + ":" + leader.port() + "/postgres";
        Map<String, String> values = Map.of("data_dir", dir.path().toString(), "conn_url", connUrl,
                "host", leader.host(), "port", Integer.toString(leader.port()), "user", r.username(),
                "name", settings.name());
        String cmd = method.command();
        for (Map.Entry<String, String> e : values.entrySet()) {
            cmd = cmd.replace("{" + e.getKey() + "}", shellQuote(e.getValue()));
        }
        return runner.run(List.of("/bin/sh", "-c", cmd), passwordEnv(), timeout);
    }

    private boolean leaderHasSlot(Upstream leader, String slot) {
        try (Connection c = connector.to(leader)) {
            return ReplicationSlots.physicalSlots(c).containsKey(slot);
        } catch (PostgresUnavailable | SQLException e) {
            return false;
        }
    }

    private String replicationConninfo(Upstream leader) {
        return "host=" + ConfigRenderer.conninfoValue(leader.host()) + " port=" + leader.port() + " user="
                + ConfigRenderer.conninfoValue(settings.replication().username()) + " application_name="
                + ConfigRenderer.conninfoValue(ReplicationSlots.slotNameFor(settings.name())) + " connect_timeout=5";
    }

    private Map<String, String> passwordEnv() {
        String pw = settings.replication().password();
        return pw == null ? Map.of() : Map.of("PGPASSWORD", pw);
    }

    static String shellQuote(String v) {
        return "'" + v.replace("'", "'\\''") + "'";
    }
}
