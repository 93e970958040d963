package io.steward.api.rest;

import io.steward.dcs.Dcs;
import io.steward.dcs.DcsUnavailable;
import io.steward.model.ClusterView;
import io.steward.model.FailoverIntent;
import io.steward.model.HistoryEntry;
import io.steward.model.Member;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Test helper: a real {@link Dcs} (the in-memory one) with two switches: "unavailable" (every call that can fail
 * throws {@link DcsUnavailable}) and a one-shot hook run before the next {@code casConfig} (a concurrent writer).
 */
final class ControllableDcs implements Dcs {

    private final Dcs real;
    private volatile boolean unavailable;
    private volatile Runnable beforeNextCasConfig;

    ControllableDcs(Dcs real) {
        this.real = real;
    }

    void setUnavailable(boolean u) {
        unavailable = u;
    }

    void beforeNextCasConfig(Runnable hook) {
        beforeNextCasConfig = hook;
    }

    private void check() throws DcsUnavailable {
        if (unavailable) {
            throw new DcsUnavailable("no quorum (test)");
        }
    }

    @Override
    public ClusterView read() throws DcsUnavailable {
        check();
        return real.read();
    }

    @Override
    public ClusterView readLocal() {
        return real.readLocal();
    }

    @Override
    public boolean initialize(String systemId) throws DcsUnavailable {
        check();
        return real.initialize(systemId);
    }

    @Override
    public boolean cancelInitialize(String systemId) throws DcsUnavailable {
        check();
        return real.cancelInitialize(systemId);
    }

    @Override
    public boolean tryAcquireLeader(String name, Duration ttl) throws DcsUnavailable {
        check();
        return real.tryAcquireLeader(name, ttl);
    }

    @Override
    public boolean renewLeader(String name, Duration ttl) throws DcsUnavailable {
        check();
        return real.renewLeader(name, ttl);
    }

    @Override
    public boolean releaseLeader(String name) throws DcsUnavailable {
        check();
        return real.releaseLeader(name);
    }

    @Override
    public void touchMember(Member member, Duration ttl) throws DcsUnavailable {
        check();
        real.touchMember(member, ttl);
    }

    @Override
    public void deleteMember(String name) throws DcsUnavailable {
        check();
        real.deleteMember(name);
    }

    @Override
    public boolean casConfig(Map<String, Object> config, long expectedIndex) throws DcsUnavailable {
        check();
        Runnable hook = beforeNextCasConfig;
        beforeNextCasConfig = null;
        if (hook != null) {
            hook.run();
        }
        return real.casConfig(config, expectedIndex);
    }

    @Override
    public boolean casFailover(FailoverIntent intent, long expectedIndex) throws DcsUnavailable {
        check();
        return real.casFailover(intent, expectedIndex);
    }

    @Override
    public void publishStatus(long optime, Map<String, Long> slots) throws DcsUnavailable {
        check();
        real.publishStatus(optime, slots);
    }

    @Override
    public void publishHistory(List<HistoryEntry> history) throws DcsUnavailable {
        check();
        real.publishHistory(history);
    }

    @Override
    public AutoCloseable watch(String relativeKeyOrPrefix, Runnable listener) {
        return real.watch(relativeKeyOrPrefix, listener);
    }

    @Override
    public void close() {
        real.close();
    }
}
