package io.steward.dcs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The deterministic core shared by every {@link KvStore}: a sorted map of entries with compare-and-set and lease
 * bookkeeping. The caller supplies the index of each change (the Raft log index) and its own monotonic time of
 * applying it; the time is kept per peer, never replicated, and used only to decide when a lease is due. Changes are
 * reported to the {@code sink} in apply order. Thread-safe.
 */
public final class KvTable {

    private record Slot(KvEntry entry, long appliedAtNanos) {
        boolean dueAt(long nowNanos) {
            return entry.ttl() != null && nowNanos - appliedAtNanos >= entry.ttl().toNanos();
        }

        long deadlineNanos() {
            return appliedAtNanos + entry.ttl().toNanos();
        }
    }

    private final TreeMap<String, Slot> slots = new TreeMap<>();
    private final Consumer<KvEvent> sink;

    public KvTable(Consumer<KvEvent> sink) {
        this.sink = sink;
    }

    public synchronized KvResult put(String key, String value, Precondition precondition, Duration ttl, long index,
                                     long nowNanos) {
        KvEntry current = currentEntry(key);
        if (!precondition.holdsFor(current)) {
            return KvResult.failed(current);
        }
        KvEntry written = new KvEntry(key, value, index, ttl);
        slots.put(key, new Slot(written, nowNanos));
        sink.accept(new KvEvent(KvEvent.Type.PUT, key, written, index));
        return new KvResult(true, written, index);
    }

    public synchronized KvResult delete(String key, Precondition precondition, long index) {
        KvEntry current = currentEntry(key);
        if (!precondition.holdsFor(current)) {
            return KvResult.failed(current);
        }
        if (current == null) {
            return new KvResult(true, null, 0);
        }
        slots.remove(key);
        sink.accept(new KvEvent(KvEvent.Type.DELETE, key, current, index));
        return new KvResult(true, null, index);
    }

    /** Removes a lease that has not changed since {@code modIndex}; false (no change) if it has or is gone. */
    public synchronized boolean expireIfUnchanged(String key, long modIndex, long index) {
        Slot slot = slots.get(key);
        if (slot == null || slot.entry().modIndex() != modIndex || slot.entry().ttl() == null) {
            return false;
        }
        slots.remove(key);
        sink.accept(new KvEvent(KvEvent.Type.EXPIRE, key, slot.entry(), index));
        return true;
    }

    public synchronized Optional<KvEntry> get(String key) {
        return Optional.ofNullable(currentEntry(key));
    }

    public synchronized List<KvEntry> scan(String prefix) {
        List<KvEntry> out = new ArrayList<>();
        for (Map.Entry<String, Slot> e : slots.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            out.add(e.getValue().entry());
        }
        return out;
    }

    /** The leases whose ttl has passed since they were applied here, as of {@code nowNanos}. */
    public synchronized List<KvEntry> dueLeases(long nowNanos) {
        List<KvEntry> due = new ArrayList<>();
        for (Slot slot : slots.values()) {
            if (slot.dueAt(nowNanos)) {
                due.add(slot.entry());
            }
        }
        return due;
    }

    /** The earliest local deadline of any lease, or empty when there is none. */
    public synchronized OptionalLong nextLeaseDeadline(long nowNanos) {
        long best = Long.MAX_VALUE;
        boolean any = false;
        for (Slot slot : slots.values()) {
            if (slot.entry().ttl() != null) {
                long remaining = slot.deadlineNanos() - nowNanos;
                best = any ? Math.min(best, remaining) : remaining;
                any = true;
            }
        }
        return any ? OptionalLong.of(nowNanos + best) : OptionalLong.empty();
    }

    public synchronized List<KvEntry> entries() {
        return slots.values().stream().map(Slot::entry).toList();
    }

    public synchronized int size() {
        return slots.size();
    }

    /**
     * Replaces the whole content (snapshot load at {@code index}) and reports the difference to the sink, so watchers
     * of a peer that catches up by snapshot hear about the keys that changed. Leases restart their countdown at
     * {@code nowNanos}: a peer that did not apply the original put has no earlier time it could safely use.
     */
    public synchronized void restore(Collection<KvEntry> entries, long index, long nowNanos) {
        TreeMap<String, Slot> previous = new TreeMap<>(slots);
        slots.clear();
        for (KvEntry e : entries) {
            slots.put(e.key(), new Slot(e, nowNanos));
            Slot old = previous.remove(e.key());
            if (old == null || !old.entry().equals(e)) {
                sink.accept(new KvEvent(KvEvent.Type.PUT, e.key(), e, e.modIndex()));
            }
        }
        previous.forEach((key, gone) -> sink.accept(new KvEvent(KvEvent.Type.DELETE, key, gone.entry(), index)));
    }

    /** Moves every lease's applied time forward to {@code nowNanos} if it is earlier (end of log replay). */
    public synchronized void rearmLeasesNotBefore(long nowNanos) {
        slots.replaceAll((k, s) -> s.entry().ttl() != null && s.appliedAtNanos() - nowNanos < 0
                ? new Slot(s.entry(), nowNanos) : s);
    }

    private KvEntry currentEntry(String key) {
        Slot slot = slots.get(key);
        return slot == null ? null : slot.entry();
    }
}
