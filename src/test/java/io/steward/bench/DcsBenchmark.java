package io.steward.bench;

import io.steward.dcs.DcsUnavailable;
import io.steward.dcs.KvDcs;
import io.steward.dcs.KvEvent;
import io.steward.dcs.KvResult;
import io.steward.dcs.KvStore;
import io.steward.dcs.Precondition;
import io.steward.dcs.ReadMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The DCS benchmark: write and read latency, throughput, lease expiry accuracy and start-up time of a real 3-peer
 * Ratis group on 127.0.0.1, all peers in this JVM. It is skipped unless run with {@code -Dbench=true}
 * ({@code bench/dcs.sh}), and asserts nothing about the numbers: it prints them and writes
 * {@link BenchReport#OUTPUT}. It fails only when the DCS itself misbehaves (a lost CAS, a lease that never expires).
 * A lease that expires before its renewal's send time + ttl is reported as EARLY, a safety bug.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DcsBenchmark {

    private static final int WRITES = Integer.getInteger("bench.writes", 2000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 300);
    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    private static final int STABLE_LEASE_ROUNDS = Integer.getInteger("bench.leaseRounds", 10);
    private static final int KILL_LEASE_ROUNDS = Integer.getInteger("bench.killRounds", 5);
    private static final int START_ROUNDS = Integer.getInteger("bench.startRounds", 5);
    private static final int LONG_DOWN_ROUNDS = Integer.getInteger("bench.longDownRounds", 3);
    private static final Duration LONG_DOWNTIME = Duration.ofSeconds(Integer.getInteger("bench.longDownSeconds", 15));
    private static final Duration LEASE_TTL = Duration.ofSeconds(3);
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    private static BenchReport report;
    private static BenchGroup group;

    @BeforeAll
    static void startGroup() throws Exception {
        assumeTrue(Boolean.getBoolean("bench"), "the DCS benchmark runs only with -Dbench=true (bench/dcs.sh)");
        report = new BenchReport();
        report.note("3 RatisKvStore peers in one JVM on 127.0.0.1, retry timeout " + BenchGroup.RETRY_TIMEOUT
                + " (election timeout 0.25 s .. 1 s), storage in a temp dir; " + WRITES + " measured operations"
                + " after " + WARMUP + " warm-up ones");
        group = new BenchGroup(3);
        group.startAllInParallel();
        group.awaitLeader(READY_LIMIT);
    }

    @AfterAll
    static void stopGroup() throws Exception {
        if (group != null) {
            group.close();
        }
        if (report != null) {
            report.write();
        }
    }

    @Test
    @Order(1)
    void sequentialCasWrites() throws DcsUnavailable {
        int leader = group.awaitLeader(READY_LIMIT);
        int follower = group.otherThan(leader);
        measureSequentialWrites("the leader's", group.store(leader));
        measureSequentialWrites("a follower's", group.store(follower));
        if (group.leader().orElse(-1) != leader) {
            report.note("the Raft leader changed during the sequential write measurement");
        }
    }

    private void measureSequentialWrites(String whose, KvStore store) throws DcsUnavailable {
        String key = "/bench/cas/" + whose.replaceAll("[^a-z]", "");
        long index = casWrites(store, key, 0, WARMUP, null);
        Samples latency = new Samples();
        long t0 = System.nanoTime();
        casWrites(store, key, index, WRITES, latency);
        long total = System.nanoTime() - t0;
        report.row("CAS write latency via " + whose + " store, sequential, p50 / p99 / max",
                latency.p50p99Max());
        report.row("CAS write throughput via " + whose + " store, 1 writer", perSecond(WRITES, total));
    }

    /** {@code n} compare-and-set writes of {@code key}, each on the previous one's index; returns the last index. */
    private static long casWrites(KvStore store, String key, long fromIndex, int n, Samples latency)
            throws DcsUnavailable {
        long index = fromIndex;
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            KvResult r = store.put(key, "value-" + i, Precondition.modIndexEquals(index), null);
            if (latency != null) {
                latency.add(System.nanoTime() - t);
            }
            if (!r.succeeded()) {
                throw new IllegalStateException("CAS write " + i + " of " + key + " at index " + index
                        + " failed its precondition; current " + r.current());
            }
            index = r.current().modIndex();
        }
        return index;
    }

    @Test
    @Order(2)
    void concurrentCasWrites() throws Exception {
        KvStore store = group.store(group.awaitLeader(READY_LIMIT));
        int perThread = Math.max(1, WRITES / 4);
        Samples latency = new Samples();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String key = "/bench/concurrent/" + t;
            writers.add(CompletableFuture.runAsync(() -> concurrentWriter(store, key, perThread, go, latency)));
        }
        Pause.millis(200);
        long t0 = System.nanoTime();
        go.countDown();
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
        long total = System.nanoTime() - t0;
        report.row("CAS write throughput via the leader's store, " + THREADS + " writer threads (own key each)",
                perSecond((long) perThread * THREADS, total));
        report.row("CAS write latency under " + THREADS + " writer threads, p50 / p99 / max", latency.p50p99Max());
    }

    private static void concurrentWriter(KvStore store, String key, int n, CountDownLatch go, Samples latency) {
        try {
            long index = casWrites(store, key, 0, Math.max(1, WARMUP / THREADS), null);
            go.await();
            casWrites(store, key, index, n, latency);
        } catch (DcsUnavailable e) {
            throw new IllegalStateException("concurrent writer of " + key + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("concurrent writer of " + key + " interrupted", e);
        }
    }

    @Test
    @Order(3)
    void linearizableReads() throws DcsUnavailable {
        int leader = group.awaitLeader(READY_LIMIT);
        String key = "/bench/read";
        group.store(leader).put(key, "v", Precondition.none(), null);
        measureReads("the leader's", group.store(leader), key);
        measureReads("a follower's", group.store(group.otherThan(leader)), key);
    }

    private void measureReads(String whose, KvStore store, String key) throws DcsUnavailable {
        for (int i = 0; i < WARMUP; i++) {
            store.get(key, ReadMode.LINEARIZABLE);
        }
        Samples latency = new Samples();
        for (int i = 0; i < WRITES; i++) {
            long t = System.nanoTime();
            boolean found = store.get(key, ReadMode.LINEARIZABLE).isPresent();
            latency.add(System.nanoTime() - t);
            if (!found) {
                throw new IllegalStateException("linearizable read of " + key + " missed a committed write");
            }
        }
        report.row("Linearizable read latency via " + whose + " store, p50 / p99 / max", latency.p50p99Max());
    }

    @Test
    @Order(4)
    void leaderLeaseRenewals() throws DcsUnavailable {
        KvDcs dcs = new KvDcs(group.store(group.awaitLeader(READY_LIMIT)), KvDcs.DEFAULT_NAMESPACE, "bench");
        if (!dcs.tryAcquireLeader("node1", Duration.ofSeconds(30))) {
            throw new IllegalStateException("could not acquire the leader lease on an empty namespace");
        }
        Samples latency = new Samples();
        for (int i = 0; i < WARMUP + WRITES / 4; i++) {
            long t = System.nanoTime();
            boolean renewed = dcs.renewLeader("node1", Duration.ofSeconds(30));
            if (i >= WARMUP) {
                latency.add(System.nanoTime() - t);
            }
            if (!renewed) {
                throw new IllegalStateException("renewal " + i + " of the leader lease failed");
            }
        }
        dcs.releaseLeader("node1");
        report.row("KvDcs.renewLeader latency via the leader's store (" + WRITES / 4 + "), p50 / p99 / max",
                latency.p50p99Max());
    }

    @Test
    @Order(5)
    void leaseExpiryWithStableLeader() throws Exception {
        leaseRounds("stable Raft leader", "stable", STABLE_LEASE_ROUNDS, false);
    }

    @Test
    @Order(6)
    void leaseExpiryWithLeaderKilledAfterRenewal() throws Exception {
        leaseRounds("Raft leader closed 1 s after the renewal, restarted after the round", "kill",
                KILL_LEASE_ROUNDS, true);
    }

    private void leaseRounds(String label, String keyPart, int rounds, boolean kill) throws Exception {
        LeaseExpiryProbe probe = new LeaseExpiryProbe(group, LEASE_TTL);
        Samples error = new Samples();
        Samples election = new Samples();
        Samples close = new Samples();
        StringBuilder types = new StringBuilder();
        for (int i = 0; i < rounds; i++) {
            LeaseExpiryProbe.Outcome o = probe.round("/bench/lease/" + keyPart + "-" + i, kill);
            error.add(o.errorNanos());
            election.add(o.electionNanos());
            close.add(o.closeNanos());
            types.append(i == 0 ? "" : ",").append(o.type() == KvEvent.Type.EXPIRE ? "E" : o.type().name());
            if (o.errorNanos() < 0) {
                reportEarly(label, i, o.errorNanos());
            }
            if (o.leaderMovedBeforeKill()) {
                report.note("lease round " + i + " (" + label + "): the Raft leader changed between the renewal"
                        + " and the kill; the peer closed was the leader at kill time");
            }
        }
        report.row("Lease expiry error, observed − (renewal sent + ttl 3 s), " + label + " (" + rounds
                + " rounds), p50 / max / min", Samples.ms(error.percentile(50)) + " / " + Samples.ms(error.max())
                + " / " + Samples.ms(error.min()) + " ms (events: " + types + ")");
        if (kill) {
            report.row("New ready Raft leader, from calling close() on the old one (" + rounds
                    + " rounds), p50 / max", Samples.ms(election.percentile(50)) + " / "
                    + Samples.ms(election.max()) + " ms");
            report.row("RatisKvStore.close() of the Raft leader (" + rounds + " rounds), p50 / max",
                    Samples.ms(close.percentile(50)) + " / " + Samples.ms(close.max()) + " ms");
        }
    }

    private static void reportEarly(String label, int round, long errorNanos) {
        String msg = "EARLY: lease expired " + Samples.ms(-errorNanos) + " ms BEFORE renewal send time + ttl in round "
                + round + " (" + label + ") — a lease safety bug";
        System.err.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        System.err.println(msg);
        System.err.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        report.note("**" + msg + "**");
    }

    @Test
    @Order(7)
    void peerRestartIntoRunningGroup() throws Exception {
        restartRounds(START_ROUNDS, Duration.ZERO);
    }

    @Test
    @Order(8)
    void peerRestartAfterLongerDowntime() throws Exception {
        restartRounds(LONG_DOWN_ROUNDS, LONG_DOWNTIME);
    }

    /** Closes a follower, writes a marker, waits {@code down}, restarts it; times how soon it serves the marker. */
    private void restartRounds(int rounds, Duration down) throws Exception {
        Samples started = new Samples();
        Samples read = new Samples();
        Samples caughtUp = new Samples();
        for (int i = 0; i < rounds; i++) {
            int leader = group.awaitLeader(READY_LIMIT);
            int peer = group.otherThan(leader);
            group.stop(peer);
            String marker = "/bench/restart/" + down.toSeconds() + "-" + i;
            group.store(leader).put(marker, "x", Precondition.none(), null);
            Pause.millis(down.toMillis());
            long t0 = System.nanoTime();
            group.start(peer);
            started.add(System.nanoTime() - t0);
            KvStore store = group.store(peer);
            CompletableFuture<Long> localSeen = CompletableFuture.supplyAsync(() -> awaitLocal(store, marker, t0));
            read.add(untilLinearizableRead(store, marker) - t0);
            caughtUp.add(localSeen.join() - t0);
        }
        String label = "Follower restart into the running group, down " + down.toSeconds() + " s: ";
        report.row(label + "start() returned (" + rounds + " rounds)", started.eachInSeconds() + " s");
        report.row("… until a linearizable read through its store returns a write made while it was down",
                read.eachInSeconds() + " s");
        report.row("… until its own state machine has applied that write (LOCAL read)", caughtUp.eachInSeconds()
                + " s");
    }

    @Test
    @Order(9)
    void freshGroupStart() throws Exception {
        group.close();
        group = null;
        Samples started = new Samples();
        Samples firstWrite = new Samples();
        for (int i = 0; i < START_ROUNDS; i++) {
            try (BenchGroup fresh = new BenchGroup(3)) {
                long t0 = System.nanoTime();
                fresh.startAllInParallel();
                started.add(System.nanoTime() - t0);
                untilWrite(fresh.store(0), "/bench/ready");
                firstWrite.add(System.nanoTime() - t0);
            }
        }
        report.row("Fresh 3-peer group, all started in parallel: every start() returned (" + START_ROUNDS
                + " rounds)", started.eachInSeconds() + " s");
        report.row("… until the first successful write (a linearizable Raft write) through peer 0",
                firstWrite.eachInSeconds() + " s");
    }

    private static long untilLinearizableRead(KvStore store, String key) {
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (store.get(key, ReadMode.LINEARIZABLE).isPresent()) {
                    return System.nanoTime();
                }
            } catch (DcsUnavailable e) {
                Pause.millis(5);
            }
        }
        throw new IllegalStateException("no linearizable read of " + key + " within " + READY_LIMIT);
    }

    private static void untilWrite(KvStore store, String key) {
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                store.put(key, "ready", Precondition.none(), null);
                return;
            } catch (DcsUnavailable e) {
                Pause.millis(5);
            }
        }
        throw new IllegalStateException("no successful write within " + READY_LIMIT);
    }

    private static long awaitLocal(KvStore store, String key, long t0) {
        while (System.nanoTime() - t0 < READY_LIMIT.toNanos()) {
            try {
                if (store.get(key, ReadMode.LOCAL).isPresent()) {
                    return System.nanoTime();
                }
            } catch (DcsUnavailable e) {
                throw new IllegalStateException("a LOCAL read cannot be unavailable", e);
            }
            Pause.millis(2);
        }
        throw new IllegalStateException("the restarted peer never applied " + key + " within " + READY_LIMIT);
    }

    private static String perSecond(long count, long nanos) {
        return String.format(Locale.ROOT, "%.0f writes/s (%d in %.2f s)", count / (nanos / 1e9), count, nanos / 1e9);
    }
}
