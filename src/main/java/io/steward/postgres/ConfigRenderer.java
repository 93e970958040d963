package io.steward.postgres;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders the configuration files Steward owns in the data directory. initdb's postgresql.conf is kept as
 * {@value #BASE_CONF} and included first; per-node recovery settings live in {@value #RECOVERY_CONF}, never in
 * postgresql.auto.conf (pg_rewind and pg_basebackup copy that file between nodes).
 */
final class ConfigRenderer {
    static final String MAIN_CONF = "postgresql.conf";
    static final String BASE_CONF = "postgresql.base.conf";
    static final String RECOVERY_CONF = "steward.recovery.conf";
    static final String HBA = "pg_hba.conf";
    static final String STANDBY_SIGNAL = "standby.signal";
    static final String RECOVERY_SIGNAL = "recovery.signal";

    /** Settings Steward decides per node; configured values for these are ignored. */
    private static final Set<String> OWNED = Set.of("port", "listen_addresses", "hba_file", "primary_conninfo",
            "primary_slot_name", "recovery_target_timeline", "config_file", "data_directory");

    private static final Map<String, String> DEFAULTS = Map.of(
            "wal_level", "replica",
            "hot_standby", "on",
            "wal_log_hints", "on",
            "max_wal_senders", "10",
            "max_replication_slots", "10",
            "wal_keep_size", "128MB",
            "wal_retrieve_retry_interval", "1s");

    private final PgSettings settings;

    ConfigRenderer(PgSettings settings) {
        this.settings = settings;
    }

    /** The effective parameters: defaults, then configured ones, then the per-node ones Steward owns. */
    Map<String, String> parameters() {
        Map<String, String> p = new TreeMap<>(DEFAULTS);
        settings.parameters().forEach((k, v) -> {
            if (!OWNED.contains(k.toLowerCase())) {
                p.put(k.toLowerCase(), v);
            }
        });
        p.put("port", Integer.toString(settings.port()));
        p.put("listen_addresses", settings.listenHost());
        p.put("hba_file", settings.dataDir().resolve(HBA).toString());
        return p;
    }

    String postgresqlConf() {
        StringBuilder sb = new StringBuilder(header());
        sb.append("include_if_exists '").append(BASE_CONF).append("'\n\n");
        parameters().forEach((k, v) -> sb.append(k).append(" = ").append(quote(v)).append('\n'));
        sb.append("\ninclude_if_exists '").append(RECOVERY_CONF).append("'\n");
        return sb.toString();
    }

    String pgHba() {
        StringBuilder sb = new StringBuilder(header());
        settings.pgHba().forEach(line -> sb.append(line).append('\n'));
        String su = settings.superuser().username();
        String repl = settings.replication().username();
        sb.append("local   all          all                      peer\n");
        for (String net : new String[] {"127.0.0.1/32", "::1/128"}) {
            sb.append("host    all          ").append(su).append(' ').append(net).append(" scram-sha-256\n");
            sb.append("host    replication  ").append(repl).append(' ').append(net).append(" scram-sha-256\n");
        }
        return sb.toString();
    }

    /** The recovery include file for a standby of {@code upstream} (null: a standby with no upstream yet). */
    String recoveryConf(Upstream upstream) {
        Map<String, String> p = new LinkedHashMap<>();
        if (upstream != null) {
            p.put("primary_conninfo", primaryConninfo(upstream));
            p.put("primary_slot_name", ReplicationSlots.slotNameFor(settings.name()));
        }
        p.put("recovery_target_timeline", "latest");
        StringBuilder sb = new StringBuilder(header());
        p.forEach((k, v) -> sb.append(k).append(" = ").append(quote(v)).append('\n'));
        return sb.toString();
    }

    /** The recovery include file of a primary: no upstream. */
    String primaryRecoveryConf() {
        return header() + "# this node runs as a primary\n";
    }

    String primaryConninfo(Upstream upstream) {
        PgCredentials r = settings.replication();
        StringBuilder sb = new StringBuilder();
        sb.append("host=").append(conninfoValue(upstream.host()));
        sb.append(" port=").append(upstream.port());
        sb.append(" user=").append(conninfoValue(r.username()));
        if (r.password() != null) {
            sb.append(" password=").append(conninfoValue(r.password()));
        }
        sb.append(" application_name=").append(conninfoValue(ReplicationSlots.slotNameFor(settings.name())));
        sb.append(" connect_timeout=2 sslmode=prefer");
        return sb.toString();
    }

    /** Quotes a value for postgresql.conf. */
    static String quote(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** Quotes a value for a libpq connection string. */
    static String conninfoValue(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String header() {
        return "# Written by Steward: changes here are overwritten. Configure Steward instead.\n";
    }
}
