package io.steward.dcs.ratis;

import io.steward.dcs.KvLimits;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.metrics.MetricRegistries;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Translates {@link RatisSettings} into Ratis properties, and keeps Ratis' retry chatter out of the log. */
final class RatisConfig {

    /** Log segments this size are closed and purged once a snapshot covers them. */
    static final SizeInBytes SEGMENT_SIZE = SizeInBytes.valueOf("4MB");
    /**
     * The log's write buffer: the largest entry must fit, a put of a value at the limit whose condition is a value at
     * the limit too, plus the key and framing.
     */
    static final SizeInBytes WRITE_BUFFER_SIZE = SizeInBytes.valueOf(2 * KvLimits.MAX_VALUE_BYTES + 64 * 1024);
    static final Duration CLIENT_RETRY_SLEEP = Duration.ofMillis(100);

    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final List<Logger> QUIETED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final AtomicBoolean METRICS_REPORTING_SET = new AtomicBoolean();

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
        // A fresh peer has heard no leader yet: it may stand for election sooner (pre-vote keeps a restarted peer
        // from disturbing a running group), so a new cluster has its first leader in well under a second.
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, millis(s.electionTimeoutMin().dividedBy(2)));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, millis(s.electionTimeoutMax().dividedBy(2)));
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(p, millis(s.retryTimeout()));
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, millis(s.retryTimeout()));
        // Ratis' JVM pause monitor reports a pause longer than this "sleep deviation threshold" (default 0.3 s, which a
        // busy 2-core host overshoots now and then): 1 s still catches any pause that matters (one near an election
        // timeout). Its other reaction, closing the server after a 60 s pause, would leave an agent that was merely
        // frozen (SIGSTOP, a suspended VM) without a DCS for good; a resumed peer rejoins as a follower instead.
        RaftServerConfigKeys.setSleepDeviationThreshold(p, TimeDuration.valueOf(1, TimeUnit.SECONDS));
        RaftServerConfigKeys.setCloseThreshold(p, TimeDuration.valueOf(365, TimeUnit.DAYS));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, s.snapshotThreshold());
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, Math.max(1, s.snapshotThreshold())));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SEGMENT_SIZE);
        // Ratis allocates (and zeroes) this direct buffer once per peer; its 8 MB default was the largest single
        // item of an idle agent's memory. It only has to hold the largest log entry.
        RaftServerConfigKeys.Log.setWriteBufferSize(p, WRITE_BUFFER_SIZE);
        // Ratis requires a follower's append batch to fit in that buffer (less 8 bytes of framing).
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p,
                SizeInBytes.valueOf(WRITE_BUFFER_SIZE.getSizeInt() - 8));
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

    /**
     * Ratis publishes its metrics through a JMX reporter unless some other reporter was registered before its first
     * metric registry: nothing reads them over JMX here, and the reporter starts the platform MBean server (a few
     * hundred classes and their memory in every agent). An empty registration keeps the metrics in memory only.
     */
    static void keepMetricsOffJmx() {
        if (!METRICS_REPORTING_SET.getAndSet(true)) {
            MetricRegistries.global().addReporterRegistration(registry -> { }, registry -> { });
        }
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
