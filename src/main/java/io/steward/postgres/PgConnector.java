package io.steward.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens short-timeout JDBC connections to the local server or to another member. */
final class PgConnector {
    private static final String CONNECT_TIMEOUT_S = "1";
    private static final String SOCKET_TIMEOUT_S = "2";

    private final PgSettings settings;

    PgConnector(PgSettings settings) {
        this.settings = settings;
    }

    /** A superuser connection to the local server. */
    Connection local() {
        return open(settings.localHost(), settings.port(), settings.superuser(), SOCKET_TIMEOUT_S);
    }

    /** A superuser connection to the local server without the short socket timeout (for long statements). */
    Connection localLongRunning() {
        return open(settings.localHost(), settings.port(), settings.superuser(), "0");
    }

    /** A superuser connection to another member (e.g. the leader). */
    Connection to(Upstream upstream) {
        return open(upstream.host(), upstream.port(), settings.superuser(), SOCKET_TIMEOUT_S);
    }

    /** True when the local server accepts a connection and answers a trivial query. */
    boolean localAnswers() {
        try (Connection c = local(); var st = c.createStatement()) {
            st.execute("SELECT 1");
            return true;
        } catch (PostgresUnavailable | SQLException e) {
            return false;
        }
    }

    private static Connection open(String host, int port, PgCredentials who, String socketTimeout) {
        Properties p = new Properties();
        p.setProperty("user", who.username());
        if (who.password() != null) {
            p.setProperty("password", who.password());
        }
        p.setProperty("connectTimeout", CONNECT_TIMEOUT_S);
        p.setProperty("loginTimeout", SOCKET_TIMEOUT_S);
        p.setProperty("socketTimeout", socketTimeout);
        p.setProperty("ApplicationName", "steward");
        p.setProperty("tcpKeepAlive", "true");
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        try {
            return DriverManager.getConnection("jdbc:postgresql://" + h + ":" + port + "/postgres", p);
        } catch (SQLException e) {
            throw new PostgresUnavailable("cannot connect to PostgreSQL at " + host + ":" + port + " as "
                    + who.username() + ": " + e.getMessage(), e);
        }
    }
}
