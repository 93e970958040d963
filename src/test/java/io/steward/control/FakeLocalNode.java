package io.steward.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A LocalNode for control-plane tests: records requests, and runs a test-supplied "HA loop" reaction on wake(). */
public final class FakeLocalNode implements LocalNode {

    public final List<String> requests = new ArrayList<>();
    public final AtomicInteger wakes = new AtomicInteger();
    private final String name;
    private volatile Runnable onWake = () -> { };
    boolean restartScheduled;

    FakeLocalNode(String name) {
        this.name = name;
    }

    public void onWake(Runnable reaction) {
        this.onWake = reaction;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NodeStatus status() {
        return new NodeStatus(name, "demo", null, null, 1, 0, 0, 0, null, null, false, false, null, false, false,
                null, null, null, null, true, true, null, List.of(), null, null, false);
    }

    @Override
    public void wake() {
        wakes.incrementAndGet();
        onWake.run();
    }

    @Override
    public synchronized String requestRestart(boolean pendingOnly, String role, Instant scheduledAt, Duration timeout) {
        requests.add("restart pending=" + pendingOnly + " role=" + role + " at=" + scheduledAt);
        return scheduledAt == null ? "restarted successfully" : "restart scheduled";
    }

    @Override
    public synchronized boolean cancelScheduledRestart() {
        requests.add("cancel restart");
        return restartScheduled;
    }

    @Override
    public synchronized String requestReinitialize(boolean force, boolean fromLeader, boolean wait, Duration timeout) {
        requests.add("reinit force=" + force + " fromLeader=" + fromLeader + " wait=" + wait);
        return "reinitialize started";
    }

    @Override
    public synchronized String reload() {
        requests.add("reload");
        return "reloaded";
    }
}
