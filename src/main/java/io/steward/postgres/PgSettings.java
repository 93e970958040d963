package io.steward.postgres;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the postgres package needs to know about one node's PostgreSQL, immutable. The agent maps its own
 * configuration (static file plus the DCS's dynamic parameters) onto this record.
 *
 * @param name member name; also the replication slot name (sanitized) and application_name
 * @param dataDir the data directory
 * @param binDir directory of the PostgreSQL binaries; null to ask pg_config or pick the newest installed
 * @param runAs OS user PostgreSQL runs as when the agent runs as root (ignored otherwise)
 * @param listenHost listen_addresses (e.g. "127.0.0.1", "*")
 * @param port PostgreSQL port
 * @param connectAddress host:port other members use to reach this server; null means listenHost:port
 * @param superuser superuser role (created by initdb, password set from here)
 * @param replication replication role (created at bootstrap)
 * @param parameters postgresql.conf parameters (dynamic config plus local overrides)
 * @param pgHba extra pg_hba.conf lines, placed before Steward's defaults
 * @param initdbOptions extra initdb options, e.g. "--locale=C" ("--no-data-checksums" turns checksums off)
 * @param createReplicaMethods methods tried in order when cloning
 * @param removeDataDirectoryOnRewindFailure re-clone when pg_rewind is impossible or fails
 * @param postBootstrapSql SQL run as superuser once after bootstrap; null for none
 * @param logDir where the postmaster's stdout/stderr log goes; null means the data directory's parent
 */
public record PgSettings(
        String name,
        Path dataDir,
        Path binDir,
        String runAs,
        String listenHost,
        int port,
        String connectAddress,
        PgCredentials superuser,
        PgCredentials replication,
        Map<String, String> parameters,
        List<String> pgHba,
        List<String> initdbOptions,
        List<ReplicaMethod> createReplicaMethods,
        boolean removeDataDirectoryOnRewindFailure,
        String postBootstrapSql,
        Path logDir) {

    public PgSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(superuser, "superuser");
        Objects.requireNonNull(replication, "replication");
        dataDir = dataDir.toAbsolutePath().normalize();
        runAs = runAs == null || runAs.isBlank() ? "postgres" : runAs;
        listenHost = listenHost == null || listenHost.isBlank() ? "127.0.0.1" : listenHost;
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("invalid PostgreSQL port " + port);
        }
        parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
        pgHba = List.copyOf(pgHba == null ? List.of() : pgHba);
        initdbOptions = List.copyOf(initdbOptions == null ? List.of() : initdbOptions);
        createReplicaMethods = createReplicaMethods == null || createReplicaMethods.isEmpty()
                ? List.of(ReplicaMethod.basebackup())
                : List.copyOf(createReplicaMethods);
    }

    /** Settings with defaults for everything but identity, location and credentials. */
    public static PgSettings of(String name, Path dataDir, int port, PgCredentials superuser, PgCredentials replication) {
        return new PgSettings(name, dataDir, null, null, "127.0.0.1", port, null, superuser, replication,
                Map.of(), List.of(), List.of(), List.of(), false, null, null);
    }

    /** Host other members use to connect here. */
    public String connectHost() {
        String addr = connectAddress != null ? connectAddress : localHost() + ":" + port;
        int colon = addr.lastIndexOf(':');
        return colon > 0 ? addr.substring(0, colon) : addr;
    }

    /** Host the agent itself uses for probes: loopback when listening on all addresses. */
    public String localHost() {
        String first = listenHost.split(",")[0].trim();
        return "*".equals(first) || "0.0.0.0".equals(first) || "::".equals(first) ? "127.0.0.1" : first;
    }

    public Path logFile() {
        Path dir = logDir != null ? logDir : dataDir.getParent();
        return dir.resolve("postgresql-" + ReplicationSlots.slotNameFor(name) + ".log");
    }

    public PgSettings withBinDir(Path dir) {
        return new PgSettings(name, dataDir, dir, runAs, listenHost, port, connectAddress, superuser, replication,
                parameters, pgHba, initdbOptions, createReplicaMethods, removeDataDirectoryOnRewindFailure,
                postBootstrapSql, logDir);
    }

    public PgSettings withParameters(Map<String, String> params) {
        return new PgSettings(name, dataDir, binDir, runAs, listenHost, port, connectAddress, superuser, replication,
                params, pgHba, initdbOptions, createReplicaMethods, removeDataDirectoryOnRewindFailure,
                postBootstrapSql, logDir);
    }

    public PgSettings withReplicaMethods(List<ReplicaMethod> methods) {
        return new PgSettings(name, dataDir, binDir, runAs, listenHost, port, connectAddress, superuser, replication,
                parameters, pgHba, initdbOptions, methods, removeDataDirectoryOnRewindFailure, postBootstrapSql,
                logDir);
    }

    public PgSettings withRemoveDataDirectoryOnRewindFailure(boolean remove) {
        return new PgSettings(name, dataDir, binDir, runAs, listenHost, port, connectAddress, superuser, replication,
                parameters, pgHba, initdbOptions, createReplicaMethods, remove, postBootstrapSql, logDir);
    }

    public PgSettings withPostBootstrapSql(String sql) {
        return new PgSettings(name, dataDir, binDir, runAs, listenHost, port, connectAddress, superuser, replication,
                parameters, pgHba, initdbOptions, createReplicaMethods, removeDataDirectoryOnRewindFailure, sql,
                logDir);
    }
}
