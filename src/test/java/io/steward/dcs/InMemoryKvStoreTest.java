package io.steward.dcs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryKvStoreTest extends KvStoreContractTest {

    private InMemoryKvStore store;

    @BeforeEach
    void open() {
        store = new InMemoryKvStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected KvStore store() {
        return store;
    }

    @Test
    void leasesFollowTheInjectedMonotonicClock() {
        AtomicLong now = new AtomicLong(-5_000_000_000L);
        try (InMemoryKvStore manual = new InMemoryKvStore(now::get)) {
            manual.put("/m/lease", "x", Precondition.none(), Duration.ofSeconds(10));
            now.addAndGet(Duration.ofMillis(9_999).toNanos());
            assertTrue(manual.get("/m/lease", ReadMode.LINEARIZABLE).isPresent());
            now.addAndGet(Duration.ofMillis(1).toNanos());
            assertTrue(manual.get("/m/lease", ReadMode.LINEARIZABLE).isEmpty());
        }
    }
}
