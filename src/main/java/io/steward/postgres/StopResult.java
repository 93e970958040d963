package io.steward.postgres;

/**
 * What a stop did.
 *
 * @param wasRunning false when there was no postmaster to stop
 * @param requested the mode asked for
 * @param used the mode that finally stopped it (IMMEDIATE after escalation; null when SIGKILL was needed)
 * @param pid the postmaster's pid, 0 when it was not running
 */
public record StopResult(boolean wasRunning, StopMode requested, StopMode used, long pid) {
    public boolean escalated() {
        return wasRunning && used != requested;
    }
}
