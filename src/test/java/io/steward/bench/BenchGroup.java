package io.steward.bench;

import io.steward.dcs.ratis.RatisKvStore;
import io.steward.dcs.ratis.RatisSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A real 3-peer {@link RatisKvStore} group for the benchmark: free 127.0.0.1 ports, storage in a fresh temp dir,
 * settings built like the agent builds them ({@link RatisSettings#of} with the agent's default retry timeout).
 */
final class BenchGroup implements AutoCloseable {

    /** Patroni's and Steward's default {@code retry_timeout}; gives election timeouts of 0.25 s .. 1 s. */
    static final Duration RETRY_TIMEOUT = Duration.ofSeconds(10);

    private final Path root;
    private final String scope;
    private final List<String> addrs = new ArrayList<>();
    private final RatisKvStore[] stores;  // changed only by the benchmark thread, before it starts a poller

    /** Allocates ports and storage; starts nothing (see {@link #startAllInParallel()}). */
    BenchGroup(int size) throws IOException {
        this.root = Files.createTempDirectory("steward-dcs-bench");
        this.scope = "bench-" + root.getFileName();
        for (int i = 0; i < size; i++) {
            addrs.add("127.0.0.1:" + freePort());
        }
        this.stores = new RatisKvStore[size];
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int size() {
        return stores.length;
    }

    private RatisSettings settings(int i) {
        List<String> partners = addrs.stream().filter(a -> !a.equals(addrs.get(i))).toList();
        return RatisSettings.of(addrs.get(i), partners, root.resolve("peer" + i), scope, RETRY_TIMEOUT);
    }

    /** Starts every peer on its own thread at once, as agents booting together would, and waits for all. */
    void startAllInParallel() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int i = 0; i < stores.length; i++) {
            int peer = i;
            starts.add(CompletableFuture.runAsync(() -> start(peer)));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    }

    void start(int i) {
        if (stores[i] != null) {
            throw new IllegalStateException("peer " + i + " is already running");
        }
        try {
            stores[i] = RatisKvStore.start(settings(i));
        } catch (IOException e) {
            throw new UncheckedIOException("starting DCS peer " + addrs.get(i), e);
        }
    }

    /** Closes peer {@code i} (the in-process equivalent of stopping its agent); its storage is kept. */
    void stop(int i) {
        if (stores[i] != null) {
            stores[i].close();
            stores[i] = null;
        }
    }

    RatisKvStore store(int i) {
        if (stores[i] == null) {
            throw new IllegalStateException("peer " + i + " is not running");
        }
        return stores[i];
    }

    boolean running(int i) {
        return stores[i] != null;
    }

    /** Whether peer {@code i} is running and the ready Raft leader; safe to call while another thread stops it. */
    boolean isReadyLeader(int i) {
        RatisKvStore s = stores[i];
        return s != null && s.isRaftLeader();
    }

    OptionalInt leader() {
        for (int i = 0; i < stores.length; i++) {
            if (stores[i] != null && stores[i].isRaftLeader()) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** Polls every 5 ms until some running peer is the ready Raft leader; fails after {@code limit}. */
    int awaitLeader(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            OptionalInt l = leader();
            if (l.isPresent()) {
                return l.getAsInt();
            }
            Pause.millis(5);
        }
        throw new IllegalStateException("no Raft leader within " + limit);
    }

    /** A running peer other than {@code except}. */
    int otherThan(int except) {
        for (int i = 0; i < stores.length; i++) {
            if (i != except && stores[i] != null) {
                return i;
            }
        }
        throw new IllegalStateException("no running peer other than " + except);
    }

    @Override
    public void close() throws IOException {
        List<CompletableFuture<Void>> closes = new ArrayList<>();
        for (int i = 0; i < stores.length; i++) {
            int peer = i;
            closes.add(CompletableFuture.runAsync(() -> stop(peer)));
        }
        CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).join();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
