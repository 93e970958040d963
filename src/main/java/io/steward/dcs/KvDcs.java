package io.steward.dcs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.model.ClusterView;
import io.steward.model.DynamicConfig;
import io.steward.model.FailoverIntent;
import io.steward.model.HistoryEntry;
import io.steward.model.Leader;
import io.steward.model.Member;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@link Dcs} port over any {@link KvStore}: the cluster lives under {@code <namespace><scope>/} (by default
 * {@code /service/<scope>/leader}, {@code .../members/<name>}, ...). The documents are JSON with the reference
 * implementation's field names. A value that cannot be decoded is skipped (a member) or replaced by defaults (config,
 * history, status) and logged once per change, so one bad write cannot break every node's read. Closing this closes
 * the store.
 */
public final class KvDcs implements Dcs {

    public static final String DEFAULT_NAMESPACE = "/service/";

    private static final Logger LOG = Logger.getLogger(KvDcs.class);
    private static final int MAX_REMEMBERED_BAD_VALUES = 1000;

    private final KvStore store;
    private final String base;
    private final DcsCodec codec;
    private final Set<String> reportedBadValues = ConcurrentHashMap.newKeySet();

    public KvDcs(KvStore store, String namespace, String scope) {
        this(store, namespace, scope, new ObjectMapper());
    }

    public KvDcs(KvStore store, String namespace, String scope, ObjectMapper mapper) {
        if (scope == null || scope.isBlank() || scope.contains("/")) {
            throw new DcsRejected("DCS scope must be a non-empty name without '/', was '" + scope + "'");
        }
        this.store = store;
        this.base = normalizeNamespace(namespace) + scope + "/";
        KvLimits.checkKey(base);
        this.codec = new DcsCodec(mapper);
    }

    /** The absolute key prefix of this cluster, e.g. {@code /service/demo/}. */
    public String basePath() {
        return base;
    }

    public KvStore store() {
        return store;
    }

    @Override
    public ClusterView read() throws DcsUnavailable {
        return toView(store.scan(base, ReadMode.LINEARIZABLE));
    }

    @Override
    public ClusterView readLocal() {
        try {
            return toView(store.scan(base, ReadMode.LOCAL));
        } catch (DcsUnavailable e) {
            LOG.debugf("local DCS read failed: %s", e.getMessage());
            return ClusterView.EMPTY;
        }
    }

    @Override
    public boolean initialize(String systemId) throws DcsUnavailable {
        return store.put(key("initialize"), systemId, Precondition.absent(), null).succeeded();
    }

    @Override
    public boolean cancelInitialize(String systemId) throws DcsUnavailable {
        return store.delete(key("initialize"), Precondition.valueEquals(systemId)).succeeded();
    }

    @Override
    public boolean tryAcquireLeader(String name, Duration ttl) throws DcsUnavailable {
        return store.put(key("leader"), checkName(name), Precondition.absent(), requireTtl(ttl)).succeeded();
    }

    @Override
    public boolean renewLeader(String name, Duration ttl) throws DcsUnavailable {
        return store.put(key("leader"), checkName(name), Precondition.valueEquals(name), requireTtl(ttl)).succeeded();
    }

    @Override
    public boolean releaseLeader(String name) throws DcsUnavailable {
        KvResult r = store.delete(key("leader"), Precondition.valueEquals(checkName(name)));
        return r.succeeded();
    }

    @Override
    public void touchMember(Member member, Duration ttl) throws DcsUnavailable {
        store.put(memberKey(member.name()), codec.encodeMember(member), Precondition.none(), requireTtl(ttl));
    }

    @Override
    public void deleteMember(String name) throws DcsUnavailable {
        store.delete(memberKey(name), Precondition.none());
    }

    @Override
    public boolean casConfig(Map<String, Object> config, long expectedIndex) throws DcsUnavailable {
        if (config == null) {
            throw new DcsRejected("DCS config document must not be null");
        }
        return store.put(key("config"), codec.encodeConfig(config), Precondition.modIndexEquals(expectedIndex), null)
                .succeeded();
    }

    @Override
    public boolean casFailover(FailoverIntent intent, long expectedIndex) throws DcsUnavailable {
        Precondition expected = Precondition.modIndexEquals(expectedIndex);
        if (intent == null) {
            return store.delete(key("failover"), expected).succeeded();
        }
        return store.put(key("failover"), codec.encodeFailover(intent), expected, null).succeeded();
    }

    @Override
    public void publishStatus(long optime, Map<String, Long> slots) throws DcsUnavailable {
        store.put(key("status"), codec.encodeStatus(optime, slots), Precondition.none(), null);
    }

    @Override
    public void publishHistory(List<HistoryEntry> history) throws DcsUnavailable {
        store.put(key("history"), codec.encodeHistory(history == null ? List.of() : history), Precondition.none(),
                null);
    }

    @Override
    public AutoCloseable watch(String relativeKeyOrPrefix, Runnable listener) {
        String rel = relativeKeyOrPrefix == null ? "" : relativeKeyOrPrefix;
        return store.watch(base + (rel.startsWith("/") ? rel.substring(1) : rel), e -> listener.run());
    }

    @Override
    public void close() {
        store.close();
    }

    private ClusterView toView(List<KvEntry> entries) {
        ClusterView view = ClusterView.EMPTY;
        List<Member> members = new ArrayList<>();
        DynamicConfig config = DynamicConfig.DEFAULTS;
        long configIndex = 0;
        List<HistoryEntry> history = List.of();
        for (KvEntry e : entries) {
            String rel = e.key().substring(base.length());
            switch (rel) {
                case "initialize" -> view = view.withInitialize(e.value());
                case "leader" -> view = view.withLeader(new Leader(e.value(), e.modIndex()));
                case "failover" -> view = view.withFailover(decode(e, v -> codec.decodeFailover(v, e.modIndex()), null));
                case "status" -> view = view.withOptime(decode(e, codec::decodeOptime, 0L));
                case "history" -> history = decode(e, codec::decodeHistory, List.of());
                case "config" -> {
                    config = decode(e, codec::decodeConfig, DynamicConfig.DEFAULTS);
                    configIndex = e.modIndex();
                }
                default -> addMember(rel, e, members);
            }
        }
        return new ClusterView(view.initialize(), config, configIndex, view.leader(), members, view.failover(),
                history, view.optime());
    }

    private void addMember(String rel, KvEntry e, List<Member> members) {
        if (rel.startsWith("members/") && rel.length() > "members/".length() && rel.indexOf('/', 8) < 0) {
            String name = rel.substring("members/".length());
            Member m = decode(e, v -> codec.decodeMember(name, v), null);
            if (m != null) {
                members.add(m);
            }
        }
    }

    private <T> T decode(KvEntry e, Function<String, T> decoder, T fallback) {
        try {
            return decoder.apply(e.value());
        } catch (RuntimeException bad) {
            reportBadValue(e, bad);
            return fallback;
        }
    }

    private void reportBadValue(KvEntry e, RuntimeException bad) {
        if (reportedBadValues.size() > MAX_REMEMBERED_BAD_VALUES) {
            reportedBadValues.clear();
        }
        if (reportedBadValues.add(e.key() + "@" + e.modIndex())) {
            LOG.warnf("ignoring malformed DCS value at %s (index %d): %s", e.key(), e.modIndex(), bad.getMessage());
        }
    }

    private String key(String rel) {
        return base + rel;
    }

    private String memberKey(String name) {
        return key("members/" + checkName(name));
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new DcsRejected("member name must be non-empty and without '/', was '" + name + "'");
        }
        return name;
    }

    private static Duration requireTtl(Duration ttl) {
        if (ttl == null) {
            throw new DcsRejected("a lease needs a ttl");
        }
        return ttl;
    }

    static String normalizeNamespace(String namespace) {
        String ns = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.trim();
        ns = ns.startsWith("/") ? ns : "/" + ns;
        return ns.endsWith("/") ? ns : ns + "/";
    }
}
