package io.steward.control;

import io.steward.control.ControlException.Kind;
import io.steward.dcs.Dcs;
import io.steward.model.ClusterView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.steward.control.ControlServiceTest.assertKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Another writer changes the key between the control plane's read and its compare-and-set: the real CAS in the DCS
 * fails and the request is ABORTED without overwriting the other writer's change.
 */
class ConcurrentWriteTest {

    private ControlFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ControlFixture(new PeerClient((String) null), this::racingWriter);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** Before each CAS reaches the DCS, a concurrent writer changes the same key. */
    private Dcs racingWriter(Dcs real) {
        return (Dcs) Proxy.newProxyInstance(Dcs.class.getClassLoader(), new Class<?>[] {Dcs.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("casConfig")) {
                        ClusterView v = real.read();
                        Map<String, Object> other = new LinkedHashMap<>(v.config().raw());
                        other.put("maximum_lag_on_failover", 42);
                        real.casConfig(other, v.configIndex());
                    } else if (method.getName().equals("casFailover")) {
                        real.casFailover(new io.steward.model.FailoverIntent(null, "node3", null, 0), 0);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void pauseLosingTheRaceIsAborted() throws Exception {
        assertKind(Kind.ABORTED, "The configuration changed concurrently, retry", () -> fx.control.pause(false, null));
        ClusterView after = fx.view();
        assertFalse(after.isPaused());
        assertEquals(42, after.config().raw().get("maximum_lag_on_failover"), "the other write stands");
    }

    @Test
    void patchLosingTheRaceIsAborted() throws Exception {
        assertKind(Kind.ABORTED, "changed concurrently", () -> fx.control.patchConfig(Map.of("loop_wait", 5)));
        assertEquals(10, fx.view().config().raw().get("loop_wait"));
    }

    @Test
    void switchoverLosingTheRaceIsAborted() throws Exception {
        assertKind(Kind.ABORTED, "written concurrently",
                () -> fx.control.switchover("node1", "node2", Instant.now().plusSeconds(600), null));
        assertEquals("node3", fx.view().failover().candidate(), "the other request stands");
    }
}
