package io.steward.dcs.ratis;

import io.steward.dcs.KvStore;
import io.steward.dcs.KvStoreContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The KvStore contract on a real 3-peer group, talking to a peer that is not necessarily the Raft leader. */
class RatisKvStoreContractTest extends KvStoreContractTest {

    private static RatisTestCluster cluster;
    private static int follower;

    @BeforeAll
    static void startGroup() throws Exception {
        cluster = new RatisTestCluster(3, 10_000);
        follower = (cluster.awaitLeader() + 1) % 3;
    }

    @AfterAll
    static void stopGroup() throws Exception {
        cluster.close();
    }

    @Override
    protected KvStore store() {
        return cluster.store(follower);
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
