package io.steward.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creates a new cluster with initdb, and the roles a fresh cluster needs once it runs. */
final class Bootstrapper {
    private final PgSettings settings;
    private final PgBinaries binaries;
    private final ProcessRunner runner;
    private final DataDirectory dir;

    Bootstrapper(PgSettings settings, PgBinaries binaries, ProcessRunner runner, DataDirectory dir) {
        this.settings = settings;
        this.binaries = binaries;
        this.runner = runner;
        this.dir = dir;
    }

    /** Runs initdb into the (empty) data directory and keeps its postgresql.conf as the base configuration. */
    void initdb(Duration timeout) {
        dir.requireEmpty("bootstrap a new cluster");
        dir.create();
        Path pwfile = passwordFile();
        try {
            runner.runChecked("initdb", initdbArgs(pwfile), Map.of(), timeout);
            Files.move(dir.path().resolve(ConfigRenderer.MAIN_CONF), dir.path().resolve(ConfigRenderer.BASE_CONF));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep initdb's postgresql.conf as " + ConfigRenderer.BASE_CONF, e);
        } finally {
            deleteQuietly(pwfile);
        }
    }

    /** Creates (or updates) the replication role and runs the post-bootstrap SQL, on the running new primary. */
    void createRoles(PgConnector connector) {
        try (Connection c = connector.localLongRunning()) {
            PgCredentials r = settings.replication();
            if (!r.username().equals(settings.superuser().username())) {
                boolean exists = roleExists(c, r.username());
                String verb = exists ? "ALTER" : "CREATE";
                executeFormatted(c, verb + " ROLE %I WITH LOGIN REPLICATION PASSWORD %L", r);
            }
            if (settings.postBootstrapSql() != null && !settings.postBootstrapSql().isBlank()) {
                try (Statement st = c.createStatement()) {
                    st.execute(settings.postBootstrapSql());
                }
            }
        } catch (SQLException e) {
            throw new PgCommandFailed("post-bootstrap SQL failed: " + e.getMessage(), -1, "");
        }
    }

    private List<String> initdbArgs(Path pwfile) {
        List<String> args = new ArrayList<>(List.of(binaries.path("initdb"), "-D", dir.path().toString(),
                "-U", settings.superuser().username()));
        List<String> opts = settings.initdbOptions();
        if (pwfile != null) {
            args.add("--pwfile=" + pwfile);
        }
        if (opts.stream().noneMatch(o -> o.startsWith("--auth-local") || o.startsWith("--auth="))) {
            args.add("--auth-local=trust");
        }
        if (opts.stream().noneMatch(o -> o.startsWith("--auth-host") || o.startsWith("--auth="))) {
            args.add("--auth-host=scram-sha-256");
        }
        boolean noChecksums = opts.contains("--no-data-checksums");
        if (!noChecksums && !opts.contains("--data-checksums") && !opts.contains("-k")) {
            args.add("--data-checksums");
        }
        opts.stream().filter(o -> !"--no-data-checksums".equals(o) || binaries.majorVersion() >= 18)
                .forEach(args::add);
        return args;
    }

    private Path passwordFile() {
        String pw = settings.superuser().password();
        if (pw == null) {
            return null;
        }
        try {
            Path f = Files.createTempFile("steward-initdb", ".pw",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(f, pw + "\n");
            runner.chown(f);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initdb password file", e);
        }
    }

    private static boolean roleExists(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Builds the statement server-side with format(%I, %L) so names and passwords are quoted by PostgreSQL. */
    private static void executeFormatted(Connection c, String template, PgCredentials who) throws SQLException {
        String sql;
        try (PreparedStatement ps = c.prepareStatement("SELECT format(?, ?::text, ?::text)")) {
            ps.setString(1, who.password() == null ? template.replace(" PASSWORD %L", "%s") : template);
            ps.setString(2, who.username());
            ps.setString(3, who.password() == null ? "" : who.password());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                sql = rs.getString(1);
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the temp file only ever held a password we also keep in memory; best effort
            }
        }
    }
}
