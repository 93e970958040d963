package io.steward.loop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard's schedule: it sleeps until the lease deadline (bounded), not on a fixed short period. */
class LeaseGuardTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LeaseKeeper lease = new LeaseKeeper(now::get);
    private final LeaseGuard guard = new LeaseGuard(lease, () -> false, () -> null);

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    @Test
    void withoutALeaseItSleepsTheLongestSleep() {
        assertEquals(ms(500), guard.nextSleepNanos());
    }

    @Test
    void holdingALeaseItSleepsUntilTheDeadlineWhenThatIsNear() {
        Duration ttl = Duration.ofSeconds(10);
        lease.confirmed(now.get(), ttl);
        long deadlineIn = ttl.toNanos() - LeaseKeeper.margin(ttl);
        assertEquals(ms(500), guard.nextSleepNanos(), "a far deadline is approached in bounded steps");
        now.addAndGet(deadlineIn - ms(120));
        assertEquals(ms(120), guard.nextSleepNanos(), "a near deadline is slept to exactly");
        now.addAndGet(ms(120));
        assertTrue(lease.expired());
        assertEquals(ms(100), guard.nextSleepNanos(), "past the deadline it looks again soon");
    }

    @Test
    void aPassedDeadlineMarksTheLeaseLostEvenWithoutAPrimaryToStop() {
        Duration ttl = Duration.ofSeconds(10);
        lease.confirmed(now.get(), ttl);
        now.addAndGet(ttl.toNanos());
        guard.check();
        assertFalse(lease.held(), "the guard gives the lease up once its deadline passed");
    }
}
