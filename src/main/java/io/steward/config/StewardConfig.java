package io.steward.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's configuration, mapped from {@code steward.*} properties (see {@link StewardConfigSource}). Property
 * names are the YAML keys in snake_case: {@code steward.postgresql.data_dir}, {@code steward.bootstrap.dcs.ttl},
 * overridable by environment variables such as {@code STEWARD_POSTGRESQL_DATA_DIR}.
 */
@ConfigMapping(prefix = "steward", namingStrategy = ConfigMapping.NamingStrategy.SNAKE_CASE)
public interface StewardConfig {

    /** The cluster name. */
    String scope();

    /** DCS namespace, always with leading and trailing slash. */
    @WithDefault(Defaults.NAMESPACE)
    String namespace();

    /** This member's name, unique in the cluster. */
    String name();

    RestApi restapi();

    Raft raft();

    Bootstrap bootstrap();

    /** Absent on a DCS-only witness node. */
    Optional<Postgresql> postgresql();

    /** Member tags as configured (nofailover, noloadbalance, clonefrom, replicatefrom, ...). */
    Map<String, String> tags();

    Log log();

    /** The file this configuration came from ({@code steward.config.file}), if any. */
    @WithName("config.file")
    Optional<String> configFile();

    /** True when this node runs no PostgreSQL and only votes in the Raft group. */
    default boolean witness() {
        return postgresql().isEmpty();
    }

    interface RestApi {
        HostPort listen();

        /** The address other members and clients use; defaults to {@link #listen()}. */
        Optional<HostPort> connectAddress();

        Optional<Credentials> authentication();

        /** Bearer token required on the API when set. */
        Optional<String> token();

        Optional<String> certfile();

        Optional<String> keyfile();

        default HostPort advertisedAddress() {
            return connectAddress().orElse(listen());
        }

        default boolean tls() {
            return certfile().isPresent();
        }
    }

    interface Credentials {
        String username();

        Optional<String> password();
    }

    interface Raft {
        String dataDir();

        HostPort selfAddr();

        /** The other peers of the Raft group (never this node's own address). */
        Optional<List<HostPort>> partnerAddrs();

        /** Where the Raft server binds; defaults to {@link #selfAddr()}. */
        Optional<HostPort> bindAddr();

        /** This peer's certificate (PEM) for mutual TLS on Raft traffic; set with keyfile and cafile, or none. */
        Optional<String> certfile();

        /** The private key (PEM, PKCS#8) of {@link #certfile()}. */
        Optional<String> keyfile();

        /** The CA certificate(s) (PEM) that signed every peer's certificate. */
        Optional<String> cafile();

        default List<HostPort> partners() {
            return partnerAddrs().orElse(List.of());
        }

        default HostPort bindAddress() {
            return bindAddr().orElse(selfAddr());
        }
    }

    interface Bootstrap {
        Dcs dcs();

        /** initdb options as written: {@code data-checksums}, {@code encoding=UTF8}. */
        Optional<List<String>> initdb();

        Optional<String> postBootstrap();

        /** The initdb options as command-line arguments ({@code --data-checksums}, {@code --encoding=UTF8}). */
        default List<String> initdbArguments() {
            return initdb().orElse(List.of()).stream()
                    .map(option -> option.startsWith("-") ? option : "--" + option)
                    .toList();
        }
    }

    /** The initial dynamic configuration written to the DCS when the cluster is bootstrapped. */
    interface Dcs {
        @WithDefault(Defaults.TTL)
        @WithConverter(SecondsConverter.class)
        Duration ttl();

        @WithDefault(Defaults.LOOP_WAIT)
        @WithConverter(SecondsConverter.class)
        Duration loopWait();

        @WithDefault(Defaults.RETRY_TIMEOUT)
        @WithConverter(SecondsConverter.class)
        Duration retryTimeout();

        @WithDefault(Defaults.MAXIMUM_LAG_ON_FAILOVER)
        long maximumLagOnFailover();

        @WithDefault(Defaults.PRIMARY_START_TIMEOUT)
        @WithConverter(SecondsConverter.class)
        Duration primaryStartTimeout();

        @WithDefault(Defaults.USE_SLOTS)
        boolean useSlots();

        @WithDefault(Defaults.PAUSE)
        boolean pause();

        DcsPostgresql postgresql();

        /** {@code postgresql.use_slots} (Patroni's place) wins over the top-level {@code use_slots}. */
        default boolean slotsEnabled() {
            return postgresql().useSlots().orElse(useSlots());
        }
    }

    interface DcsPostgresql {
        Map<String, String> parameters();

        Optional<Boolean> usePgRewind();

        Optional<Boolean> useSlots();

        Optional<List<String>> pgHba();
    }

    interface Postgresql {
        HostPort listen();

        /** The address other members use; defaults to {@link #listen()}. */
        Optional<HostPort> connectAddress();

        String dataDir();

        /** Directory of pg_ctl, initdb, ...; empty means search the PATH. */
        Optional<String> binDir();

        /** The OS user PostgreSQL binaries run as; see {@link #osUser()}. */
        Optional<String> runAs();

        PgAuthentication authentication();

        Map<String, String> parameters();

        Optional<List<String>> pgHba();

        Optional<List<String>> createReplicaMethods();

        Optional<Boolean> removeDataDirectoryOnRewindFailure();

        Optional<Boolean> usePgRewind();

        /** Scripts by event: on_start, on_stop, on_restart, on_reload, on_role_change. */
        Map<String, String> callbacks();

        default HostPort advertisedAddress() {
            return connectAddress().orElse(listen());
        }

        /** {@code run_as}, default {@value Defaults#RUN_AS}. */
        default String osUser() {
            return runAs().orElse(Defaults.RUN_AS);
        }

        default boolean rewindEnabled() {
            return usePgRewind().orElse(false);
        }

        default boolean removeDataDirectoryWhenRewindFails() {
            return removeDataDirectoryOnRewindFailure().orElse(false);
        }
    }

    /**
     * PostgreSQL roles. Defaults ({@value Defaults#SUPERUSER}, {@value Defaults#REPLICATION_USER}) are served by
     * {@link #superuserName()} and {@link #replicationName()}: an optional group cannot carry {@code @WithDefault}.
     */
    interface PgAuthentication {
        Optional<PgUser> superuser();

        Optional<PgUser> replication();

        Optional<PgUser> rewind();

        default String superuserName() {
            return superuser().flatMap(PgUser::username).orElse(Defaults.SUPERUSER);
        }

        default Optional<String> superuserPassword() {
            return superuser().flatMap(PgUser::password);
        }

        default String replicationName() {
            return replication().flatMap(PgUser::username).orElse(Defaults.REPLICATION_USER);
        }

        default Optional<String> replicationPassword() {
            return replication().flatMap(PgUser::password);
        }
    }

    interface PgUser {
        Optional<String> username();

        Optional<String> password();
    }

    interface Log {
        /** DEBUG, INFO, WARNING, ERROR or CRITICAL (Patroni's names; WARN and TRACE are accepted too). */
        @WithDefault(Defaults.LOG_LEVEL)
        String level();
    }
}
