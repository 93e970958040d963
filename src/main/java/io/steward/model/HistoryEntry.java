package io.steward.model;

/** One timeline switch: the timeline that ended, the LSN where it ended, why, when and who took over. */
public record HistoryEntry(long timeline, long lsn, String reason, String timestamp, String newLeader) {
}
