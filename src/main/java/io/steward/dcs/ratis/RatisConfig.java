package io.steward.dcs.ratis;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Translates {@link RatisSettings} into Ratis properties, and keeps Ratis' retry chatter out of the log. */
final class RatisConfig {

    /** Log segments this size are closed and purged once a snapshot covers them. */
    static final SizeInBytes SEGMENT_SIZE = SizeInBytes.valueOf("4MB");
    static final Duration CLIENT_RETRY_SLEEP = Duration.ofMillis(100);

    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final List<Logger> QUIETED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RatisConfig() {
    }

    static RaftProperties serverProperties(RatisSettings s) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        RatisPeers.HostPort self = RatisPeers.HostPort.parse(s.selfAddr());
        GrpcConfigKeys.Server.setHost(p, self.host());
        GrpcConfigKeys.Server.setPort(p, self.port());
        RaftServerConfigKeys.setStorageDir(p, List.of(s.dataDir().toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(s.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(s.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, millis(s.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, millis(s.electionTimeoutMax()));
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(p, millis(s.retryTimeout()));
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, millis(s.retryTimeout()));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, s.snapshotThreshold());
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, Math.max(1, s.snapshotThreshold())));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SEGMENT_SIZE);
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
        return p;
    }

    static RaftProperties clientProperties(RatisSettings s) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        long attemptMs = Math.max(300, Math.min(3000, s.retryTimeout().toMillis() / 3));
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(attemptMs, TimeUnit.MILLISECONDS));
        return p;
    }

    /**
     * The Ratis parameters of this peer's server and client: with {@link RatisSettings#tls()} set, one mutual TLS
     * configuration for the server, admin and client transports alike (they share the peer's gRPC port), so a
     * peer accepts, and talks to, only peers whose certificates the configured CA signed.
     */
    static Parameters parameters(RatisSettings s) throws IOException {
        Parameters p = new Parameters();
        if (s.tls().isPresent()) {
            RaftTls tls = s.tls().get();
            tls.checkReadable();
            GrpcTlsConfig conf = new GrpcTlsConfig(tls.keyFile().toFile(), tls.certFile().toFile(),
                    tls.caFile().toFile(), true);
            GrpcConfigKeys.TLS.setConf(p, conf);
            GrpcConfigKeys.Server.setTlsConf(p, conf);
            GrpcConfigKeys.Admin.setTlsConf(p, conf);
            GrpcConfigKeys.Client.setTlsConf(p, conf);
        }
        return p;
    }

    /** Retries (leader changes, unreachable peers) for about one retry timeout, then gives up. */
    static RetryPolicy clientRetryPolicy(RatisSettings s) {
        int attempts = (int) Math.max(1, s.retryTimeout().toMillis() / CLIENT_RETRY_SLEEP.toMillis());
        return RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts, millis(CLIENT_RETRY_SLEEP));
    }

    /**
     * Not-leader redirects and retries are normal during elections, and a stopped peer makes the others complain on
     * every heartbeat; none of it may flood the log. Client-side failures reach the caller as DcsUnavailable, so the
     * Ratis client logs nothing.
     */
    static void quietRetryLogging() {
        quiet("org.apache.ratis", Level.WARNING);
        quiet("org.apache.ratis.client", Level.OFF);
        quiet("org.apache.ratis.grpc.client", Level.OFF);
        quiet("org.apache.ratis.grpc.server.GrpcServerProtocolService", Level.SEVERE);
        quiet("org.apache.ratis.grpc.server.GrpcClientProtocolService", Level.SEVERE);
        quiet("org.apache.ratis.grpc.server.GrpcLogAppender", Level.SEVERE);
        quiet("org.apache.ratis.grpc.server.GrpcServerProtocolClient", Level.SEVERE);
        quiet("org.apache.ratis.server.impl.LeaderElection", Level.SEVERE);
        quiet("org.apache.ratis.server.leader", Level.SEVERE);
        quiet("org.apache.ratis.util.JavaUtils", Level.SEVERE);
    }

    private static void quiet(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        QUIETED.add(logger);
    }

    static TimeDuration millis(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }
}
