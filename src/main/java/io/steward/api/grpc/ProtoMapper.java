package io.steward.api.grpc;

import io.steward.api.grpc.v1.Cluster;
import io.steward.api.grpc.v1.History;
import io.steward.api.grpc.v1.Member;
import io.steward.api.grpc.v1.ScheduledSwitchover;
import io.steward.control.ClusterStatus;
import io.steward.control.ControlException;
import io.steward.control.MemberInfo;
import io.steward.model.FailoverIntent;
import io.steward.model.HistoryEntry;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Translates between the control plane's records and the steward.v1 messages. */
final class ProtoMapper {

    private ProtoMapper() {
    }

    static Cluster toProto(ClusterStatus status) {
        Cluster.Builder b = Cluster.newBuilder()
                .setScope(nz(status.scope()))
                .setLeader(nz(status.leader()))
                .setPaused(status.paused());
        status.members().forEach(m -> b.addMembers(toProto(m)));
        FailoverIntent s = status.scheduledSwitchover();
        if (s != null) {
            b.setScheduledSwitchover(ScheduledSwitchover.newBuilder().setLeader(nz(s.leader()))
                    .setCandidate(nz(s.candidate()))
                    .setScheduledAt(s.scheduledAt() == null ? "" : s.scheduledAt().toString()));
        }
        return b.build();
    }

    static Member toProto(MemberInfo m) {
        Member.Builder b = Member.newBuilder()
                .setName(nz(m.name())).setRole(nz(m.role())).setState(nz(m.state()))
                .setTimeline(m.timeline()).setLsn(m.lsn())
                .setLagBytes(m.lagBytes() == null ? -1 : m.lagBytes())
                .setPause(m.pause()).setApiUrl(nz(m.apiUrl())).setHost(nz(m.host())).setPort(m.port())
                .setReplicationState(nz(m.replicationState())).setPendingRestart(m.pendingRestart())
                .setScheduledRestart(m.scheduledRestart() == null ? "" : m.scheduledRestart().toString());
        m.tags().forEach((k, v) -> b.putTags(k, String.valueOf(v)));
        return b.build();
    }

    static History toProto(List<HistoryEntry> entries) {
        History.Builder b = History.newBuilder();
        for (HistoryEntry e : entries) {
            b.addEntries(io.steward.api.grpc.v1.HistoryEntry.newBuilder().setTimeline(e.timeline()).setLsn(e.lsn())
                    .setReason(nz(e.reason())).setTimestamp(nz(e.timestamp())).setNewLeader(nz(e.newLeader())));
        }
        return b.build();
    }

    /** 0 means "the server's default". */
    static Duration timeout(int seconds) {
        return seconds <= 0 ? null : Duration.ofSeconds(Integer.toUnsignedLong(seconds));
    }

    /**
     * Parses an ISO-8601 time: with an offset (2026-11-28T08:00:00+01:00 or ...Z), or without one (taken as UTC).
     * Empty means "now" (null).
     */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new ControlException(ControlException.Kind.INVALID_ARGUMENT,
                        "Invalid time " + text + ": expected ISO-8601 such as 2026-11-28T08:00:00Z");
            }
        }
    }

    static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
