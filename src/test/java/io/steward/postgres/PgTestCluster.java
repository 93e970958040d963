package io.steward.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** Test helper: temp dirs traversable by the postgres user, free ports, instances that are always cleaned up. */
final class PgTestCluster implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final PgCredentials SUPERUSER = new PgCredentials("steward_su", "su-secret'x");
    static final PgCredentials REPLICATION = new PgCredentials("steward_repl", "repl secret");
    static final Map<String, String> LIGHT = Map.of("shared_buffers", "16MB", "max_connections", "30",
            "fsync", "off", "autovacuum", "off");

    private final Path base;
    private final List<PostgresInstance> instances = new ArrayList<>();

    PgTestCluster() {
        try {
            base = Files.createTempDirectory("steward-pg-test");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path base() {
        return base;
    }

    PgSettings settings(String name) {
        return new PgSettings(name, base.resolve(name).resolve("data"), null, "postgres", "127.0.0.1", freePort(),
                null, SUPERUSER, REPLICATION, LIGHT, List.of(), List.of("--no-sync", "--locale=C"), List.of(),
                false, null, base.resolve(name));
    }

    PostgresInstance instance(PgSettings settings) {
        try {
            Files.createDirectories(settings.dataDir().getParent());
            Files.setPosixFilePermissions(settings.dataDir().getParent(),
                    PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresInstance pg = new PostgresInstance(settings);
        instances.add(pg);
        return pg;
    }

    PostgresInstance bootstrap(String name) {
        PostgresInstance pg = instance(settings(name));
        pg.bootstrap(TIMEOUT);
        return pg;
    }

    static Upstream upstream(PostgresInstance pg) {
        return new Upstream(pg.settings().name(), "127.0.0.1", pg.settings().port());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Connection connect(PostgresInstance pg) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", SUPERUSER.username());
        p.setProperty("password", SUPERUSER.password());
        p.setProperty("connectTimeout", "2");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.settings().port() + "/postgres", p);
    }

    static void sql(PostgresInstance pg, String sql) throws SQLException {
        try (Connection c = connect(pg); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first column of the first row, or null when there is no row or the server does not answer. */
    static String query(PostgresInstance pg, String sql) {
        try (Connection c = connect(pg); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public void close() {
        for (PostgresInstance pg : instances) {
            try {
                pg.stop(StopMode.IMMEDIATE, Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                System.err.println("cleanup: could not stop " + pg.settings().name() + ": " + e.getMessage());
            }
        }
        try (Stream<Path> all = Files.walk(base)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("cleanup: could not remove " + base + ": " + e.getMessage());
        }
    }
}
