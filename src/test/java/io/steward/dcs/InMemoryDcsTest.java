package io.steward.dcs;

import org.junit.jupiter.api.AfterEach;

class InMemoryDcsTest extends DcsContractTest {

    private final InMemoryKvStore store = new InMemoryKvStore();

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected KvStore store() {
        return store;
    }
}
