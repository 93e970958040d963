package io.steward.health;

import io.steward.control.ControlException;
import io.steward.control.LocalNode;
import io.steward.control.NodeStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: this agent's loop as the control plane sees it. The status is set by the test; requests are recorded
 * and answered like the loop would (restart, reinitialize, reload), or refused with a preset exception; wake() runs
 * an optional hook (a test's stand-in for the HA tick).
 */
public final class FakeLocalNode implements LocalNode {

    private volatile NodeStatus status;
    private volatile Runnable onWake = () -> { };
    private volatile ControlException refusal;
    private volatile Instant scheduledRestart;
    public final AtomicInteger wakes = new AtomicInteger();
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public FakeLocalNode(NodeStatus status) {
        this.status = status;
    }

    public void setStatus(NodeStatus s) {
        status = s;
    }

    public void onWake(Runnable hook) {
        onWake = hook;
    }

    /** The next restart/reinitialize/reload requests are refused with this (null: accepted). */
    public void refuseWith(ControlException e) {
        refusal = e;
    }

    public Instant scheduledRestart() {
        return scheduledRestart;
    }

    @Override
    public String name() {
        return status.name();
    }

    @Override
    public NodeStatus status() {
        return status;
    }

    @Override
    public void wake() {
        wakes.incrementAndGet();
        onWake.run();
    }

    @Override
    public String requestRestart(boolean pendingOnly, String role, Instant scheduledAt, Duration timeout) {
        refuseIfAsked();
        requests.add("restart pending=" + pendingOnly + " role=" + role + " at=" + scheduledAt + " timeout="
                + timeout.toSeconds());
        if (scheduledAt != null) {
            if (scheduledRestart != null) {
                throw new ControlException(ControlException.Kind.ALREADY_EXISTS,
                        "Another restart is already scheduled");
            }
            scheduledRestart = scheduledAt;
            return "Restart scheduled";
        }
        if (pendingOnly && !status.pendingRestart()) {
            return "restart not needed: no pending restart";
        }
        return "restarted successfully";
    }

    @Override
    public boolean cancelScheduledRestart() {
        requests.add("cancel restart");
        boolean had = scheduledRestart != null;
        scheduledRestart = null;
        return had;
    }

    @Override
    public String requestReinitialize(boolean force, boolean fromLeader, boolean wait, Duration timeout) {
        refuseIfAsked();
        requests.add("reinitialize force=" + force + " fromLeader=" + fromLeader + " wait=" + wait);
        return "reinitialize started";
    }

    @Override
    public String reload() {
        refuseIfAsked();
        requests.add("reload");
        return "reload scheduled";
    }

    private void refuseIfAsked() {
        ControlException e = refusal;
        if (e != null) {
            throw e;
        }
    }
}
