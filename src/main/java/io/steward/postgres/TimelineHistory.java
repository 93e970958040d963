package io.steward.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A parsed timeline history file: for each past timeline, the LSN where the next one forked off. */
record TimelineHistory(List<Entry> entries) {
    record Entry(int timeline, Lsn switchpoint) {
    }

    static TimelineHistory parse(String content) {
        List<Entry> list = new ArrayList<>();
        for (String line : content.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            list.add(new Entry(Integer.parseInt(parts[0]), Lsn.parse(parts[1])));
        }
        return new TimelineHistory(List.copyOf(list));
    }

    /** Where the leader's history left {@code timeline}; empty when the timeline is not in its history. */
    Optional<Lsn> switchpointOf(int timeline) {
        return entries.stream().filter(e -> e.timeline() == timeline).map(Entry::switchpoint).findFirst();
    }
}
