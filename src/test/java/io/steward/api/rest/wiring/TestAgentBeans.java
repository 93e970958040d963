package io.steward.api.rest.wiring;

import io.steward.control.LocalNode;
import io.steward.dcs.Dcs;
import io.steward.dcs.DcsUnavailable;
import io.steward.dcs.InMemoryKvStore;
import io.steward.dcs.KvDcs;
import io.steward.health.FakeLocalNode;
import io.steward.health.NodeStatusBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;

/**
 * Test-only beans for the Quarkus wiring test: the in-memory DCS and a fake local loop. They are alternatives enabled
 * only by {@link WiringProfile}, so other Quarkus tests of the project never see them.
 */
@Alternative
@ApplicationScoped
public class TestAgentBeans {

    @Produces
    @Singleton
    @Alternative
    Dcs dcs() throws DcsUnavailable {
        KvDcs dcs = new KvDcs(new InMemoryKvStore(), KvDcs.DEFAULT_NAMESPACE, "demo");
        dcs.casConfig(Map.of("ttl", 30, "loop_wait", 10, "retry_timeout", 10), 0);
        dcs.tryAcquireLeader("node1", Duration.ofMinutes(10));
        return dcs;
    }

    @Produces
    @Singleton
    @Alternative
    LocalNode localNode() {
        return new FakeLocalNode(NodeStatusBuilder.leader().lastLoop(java.time.Instant.now()).build());
    }
}
