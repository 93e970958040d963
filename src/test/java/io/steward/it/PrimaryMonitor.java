package io.steward.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Background check that no two members ever hold the primary role with the lease at once: polls /primary on every
 * node; a violation is recorded when two nodes answer 200 in two consecutive rounds (a single round can straddle a
 * legitimate hand-over because the nodes are asked one after the other).
 */
final class PrimaryMonitor implements AutoCloseable {

    private final ClusterHarness cluster;
    private final Thread thread;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    PrimaryMonitor(ClusterHarness cluster) {
        this.cluster = cluster;
        this.thread = new Thread(this::run, "primary-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        List<String> previous = List.of();
        while (running) {
            List<String> now = new ArrayList<>();
            for (ClusterHarness.Node n : cluster.dbNodes()) {
                if (cluster.status(n, "/primary") == 200) {
                    now.add(n.name);
                }
            }
            if (now.size() > 1 && previous.size() > 1 && previous.containsAll(now)) {
                violations.add("two primaries holding the lease: " + now);
            }
            previous = now;
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * End of an IT class: stops the monitor and the cluster (always, so no process outlives a failed check), then
     * fails the class if the monitor ever saw two lock holders.
     */
    static void finish(PrimaryMonitor monitor, ClusterHarness cluster) {
        List<String> seen = List.of();
        if (monitor != null) {
            monitor.close();
            seen = monitor.violations();
        }
        if (cluster != null) {
            cluster.close();
        }
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), seen, "never two lock holders");
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
