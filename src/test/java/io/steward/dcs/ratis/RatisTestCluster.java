package io.steward.dcs.ratis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** A real Raft group of {@link RatisKvStore}s on 127.0.0.1 free ports, storage in a temp dir; for tests. */
final class RatisTestCluster implements AutoCloseable {

    static final Duration RETRY_TIMEOUT = Duration.ofSeconds(2);

    private final Path root;
    private final String scope;
    private final List<String> addrs = new ArrayList<>();
    private final RatisKvStore[] stores;
    private final long snapshotThreshold;

    RatisTestCluster(int size, long snapshotThreshold) throws IOException {
        this.root = Files.createTempDirectory("steward-dcs-raft");
        this.scope = "test-" + root.getFileName();
        this.snapshotThreshold = snapshotThreshold;
        for (int i = 0; i < size; i++) {
            addrs.add("127.0.0.1:" + freePort());
        }
        this.stores = new RatisKvStore[size];
        for (int i = 0; i < size; i++) {
            start(i);
        }
        awaitLeader();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    RatisSettings settings(String self, List<String> partners) {
        RatisSettings s = RatisSettings.of(self, partners, root.resolve(self.replace(':', '_')), scope,
                RETRY_TIMEOUT);
        return s.withSnapshotThreshold(snapshotThreshold);
    }

    RatisSettings settings(int i) {
        List<String> partners = addrs.stream().filter(a -> !a.equals(addrs.get(i))).toList();
        return settings(addrs.get(i), partners);
    }

    void start(int i) throws IOException {
        stores[i] = RatisKvStore.start(settings(i));
    }

    void stop(int i) {
        if (stores[i] != null) {
            stores[i].close();
            stores[i] = null;
        }
    }

    RatisKvStore store(int i) {
        return stores[i];
    }

    String addr(int i) {
        return addrs.get(i);
    }

    Path root() {
        return root;
    }

    String scope() {
        return scope;
    }

    Optional<Integer> leaderIndex() {
        for (int i = 0; i < stores.length; i++) {
            if (stores[i] != null && stores[i].isRaftLeader()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    int awaitLeader() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(this::leaderIndex, Optional::isPresent).orElseThrow();
    }

    /** Any running peer other than {@code except}. */
    int runningOtherThan(int except) {
        for (int i = 0; i < stores.length; i++) {
            if (i != except && stores[i] != null) {
                return i;
            }
        }
        throw new IllegalStateException("no other running peer");
    }

    @Override
    public void close() throws IOException {
        List<Thread> closers = new ArrayList<>();
        for (int i = 0; i < stores.length; i++) {
            int peer = i;
            Thread t = new Thread(() -> stop(peer), "close-peer-" + i);
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
