package io.steward.config;

/** Default values shared by the validator and the {@code @WithDefault} annotations of {@link StewardConfig}. */
public final class Defaults {

    public static final String NAMESPACE = "/service/";
    public static final String TTL = "30";
    public static final String LOOP_WAIT = "10";
    public static final String RETRY_TIMEOUT = "10";
    public static final String MAXIMUM_LAG_ON_FAILOVER = "1048576";
    public static final String PRIMARY_START_TIMEOUT = "300";
    public static final String USE_SLOTS = "true";
    public static final String PAUSE = "false";
    public static final String RUN_AS = "postgres";
    public static final String SUPERUSER = "postgres";
    public static final String REPLICATION_USER = "replicator";
    public static final String LOG_LEVEL = "INFO";

    private Defaults() {
    }
}
