package io.steward.health;

import jakarta.enterprise.inject.Instance;

import java.time.Clock;

/** The injected {@link Clock} when the application provides one, the system UTC clock otherwise. */
public final class ClockSource {

    private ClockSource() {
    }

    public static Clock of(Instance<Clock> clocks) {
        return clocks != null && clocks.isResolvable() ? clocks.get() : Clock.systemUTC();
    }
}
