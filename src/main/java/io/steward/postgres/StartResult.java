package io.steward.postgres;

import io.steward.model.PgState;

/**
 * What a start did: RUNNING (answers queries) or STARTING (alive, not answering yet when the timeout passed, e.g.
 * crash recovery or a standby not yet consistent). Failures are thrown as {@link PgStartFailed} or
 * {@link PgPortInUse}.
 */
public record StartResult(PgState state, long pid, boolean alreadyRunning) {
}
