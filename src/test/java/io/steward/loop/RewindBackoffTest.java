package io.steward.loop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RewindBackoffTest {

    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void delaysDoubleFromThirtySecondsUpToHalfAnHour() {
        assertEquals(Duration.ofSeconds(30), RewindBackoff.delayAfter(1));
        assertEquals(Duration.ofSeconds(60), RewindBackoff.delayAfter(2));
        assertEquals(Duration.ofSeconds(120), RewindBackoff.delayAfter(3));
        assertEquals(Duration.ofMinutes(16), RewindBackoff.delayAfter(6));
        assertEquals(Duration.ofMinutes(30), RewindBackoff.delayAfter(7));
        assertEquals(Duration.ofMinutes(30), RewindBackoff.delayAfter(1000));
    }

    @Test
    void failuresCountUpAndASuccessStartsOver() {
        RewindBackoff b = new RewindBackoff();
        assertEquals(0, b.failures());
        assertNull(b.retryAt());
        b.failed(T);
        assertEquals(1, b.failures());
        assertEquals(T.plusSeconds(30), b.retryAt());
        b.failed(T.plusSeconds(30));
        assertEquals(2, b.failures());
        assertEquals(T.plusSeconds(90), b.retryAt());
        b.reset();
        assertEquals(0, b.failures());
        assertNull(b.retryAt());
    }
}
