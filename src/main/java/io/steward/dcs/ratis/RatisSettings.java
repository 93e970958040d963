package io.steward.dcs.ratis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one embedded Raft peer of the DCS runs.
 *
 * @param selfAddr           this peer's {@code host:port} (bound by the Raft gRPC server)
 * @param partnerAddrs       the other voters' {@code host:port}; the group is self + partners
 * @param dataDir            the Raft storage directory; an existing one is recovered, a new one formatted
 * @param scope              the cluster name; the Raft group id is derived from it
 * @param retryTimeout       every store call completes or fails with DcsUnavailable within this
 * @param electionTimeoutMin the shortest Raft election timeout
 * @param electionTimeoutMax the longest Raft election timeout; keep it well under {@code retryTimeout}
 * @param snapshotThreshold  a snapshot is taken (and the log purged up to it) every this many log entries
 * @param tls                mutual TLS for all Raft traffic of this peer and its client; empty for plaintext
 */
public record RatisSettings(String selfAddr, List<String> partnerAddrs, Path dataDir, String scope,
                            Duration retryTimeout, Duration electionTimeoutMin, Duration electionTimeoutMax,
                            long snapshotThreshold, Optional<RaftTls> tls) {

    public static final long DEFAULT_SNAPSHOT_THRESHOLD = 10_000;

    public RatisSettings {
        partnerAddrs = partnerAddrs == null ? List.of() : List.copyOf(partnerAddrs);
        tls = tls == null ? Optional.empty() : tls;
        require(selfAddr != null && !selfAddr.isBlank(), "selfAddr (host:port) is required");
        require(dataDir != null, "dataDir is required");
        require(scope != null && !scope.isBlank(), "scope is required");
        require(retryTimeout != null && retryTimeout.toMillis() >= 100, "retryTimeout must be at least 100 ms");
        require(electionTimeoutMin != null && electionTimeoutMax != null
                        && electionTimeoutMin.toMillis() >= 50 && electionTimeoutMax.compareTo(electionTimeoutMin) > 0,
                "electionTimeoutMin must be at least 50 ms and below electionTimeoutMax");
        require(electionTimeoutMax.compareTo(retryTimeout) < 0, "electionTimeoutMax (" + electionTimeoutMax
                + ") must be below retryTimeout (" + retryTimeout + ") so an election fits in one retry");
        require(snapshotThreshold >= 1, "snapshotThreshold must be positive");
        require(!partnerAddrs.contains(selfAddr), "partnerAddrs must not contain selfAddr " + selfAddr);
    }

    /** Plaintext settings (no TLS). */
    public RatisSettings(String selfAddr, List<String> partnerAddrs, Path dataDir, String scope,
                         Duration retryTimeout, Duration electionTimeoutMin, Duration electionTimeoutMax,
                         long snapshotThreshold) {
        this(selfAddr, partnerAddrs, dataDir, scope, retryTimeout, electionTimeoutMin, electionTimeoutMax,
                snapshotThreshold, Optional.empty());
    }

    /**
     * Settings with election timeouts derived from {@code retryTimeout}: the longest is a third of it, at most 3 s;
     * the shortest half of that, at least 100 ms (10 s gives 1.5 s .. 3 s, 3 s gives 0.5 s .. 1 s). The Raft leader
     * heartbeats every half of the shortest timeout, and heartbeats are most of an idle agent's CPU, so the timeouts
     * are as long as the retry budget allows: an election (at most the longest timeout plus a vote round) still fits
     * in well under one {@code retryTimeout}, and no lease is shortened by it, because a new Raft leader keeps each
     * lease's deadline (dcs-leases.md).
     */
    public static RatisSettings of(String selfAddr, List<String> partnerAddrs, Path dataDir, String scope,
                                   Duration retryTimeout) {
        long maxMs = Math.max(200, Math.min(3000, retryTimeout.toMillis() / 3));
        long minMs = Math.max(100, maxMs / 2);
        return new RatisSettings(selfAddr, partnerAddrs, dataDir, scope, retryTimeout, Duration.ofMillis(minMs),
                Duration.ofMillis(maxMs), DEFAULT_SNAPSHOT_THRESHOLD);
    }

    public RatisSettings withSnapshotThreshold(long threshold) {
        return new RatisSettings(selfAddr, partnerAddrs, dataDir, scope, retryTimeout, electionTimeoutMin,
                electionTimeoutMax, threshold, tls);
    }

    public RatisSettings withPartners(List<String> partners) {
        return new RatisSettings(selfAddr, partners, dataDir, scope, retryTimeout, electionTimeoutMin,
                electionTimeoutMax, snapshotThreshold, tls);
    }

    /** The same settings with mutual TLS on all Raft traffic ({@code null} for plaintext). */
    public RatisSettings withTls(RaftTls raftTls) {
        return new RatisSettings(selfAddr, partnerAddrs, dataDir, scope, retryTimeout, electionTimeoutMin,
                electionTimeoutMax, snapshotThreshold, Optional.ofNullable(raftTls));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid DCS Raft settings: " + message);
        }
    }
}
