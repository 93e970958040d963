package io.steward.postgres;

import java.util.List;

/**
 * What a slot synchronisation did.
 *
 * @param kept slots of departed members left in place (paused, or still active)
 */
public record SlotSyncResult(List<String> created, List<String> dropped, List<String> kept) {
}
