package io.steward.dcs.ratis;

import io.steward.dcs.DcsContractTest;
import io.steward.dcs.KvStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The Dcs contract (KvDcs) on a real 3-peer group. */
class RatisDcsContractTest extends DcsContractTest {

    private static RatisTestCluster cluster;

    @BeforeAll
    static void startGroup() throws Exception {
        cluster = new RatisTestCluster(3, 10_000);
    }

    @AfterAll
    static void stopGroup() throws Exception {
        cluster.close();
    }

    @Override
    protected KvStore store() {
        return cluster.store(0);
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofSeconds(2);
    }

    @Override
    protected Duration expirySlack() {
        return Duration.ofMillis(1000);
    }
}
