package io.steward.dcs.ratis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.steward.dcs.DcsRejected;
import io.steward.dcs.DcsUnavailable;
import io.steward.dcs.KvEntry;
import io.steward.dcs.KvEvent;
import io.steward.dcs.KvLimits;
import io.steward.dcs.KvResult;
import io.steward.dcs.KvStore;
import io.steward.dcs.Precondition;
import io.steward.dcs.ReadMode;
import io.steward.dcs.WatchHub;
import io.steward.dcs.ratis.proto.Command;
import io.steward.dcs.ratis.proto.CommandReply;
import io.steward.dcs.ratis.proto.Delete;
import io.steward.dcs.ratis.proto.ExpireIfUnchanged;
import io.steward.dcs.ratis.proto.Put;
import io.steward.dcs.ratis.proto.Query;
import io.steward.dcs.ratis.proto.QueryReply;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.api.BlockingApi;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftServer;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The replicated {@link KvStore}: an embedded Raft peer ({@link RaftServer} with the {@link DcsStateMachine}) plus a
 * {@link RaftClient} to the whole group. Writes and linearizable reads go through Raft (ReadIndex for reads) and fail
 * with {@link DcsUnavailable} when no quorum answers within the retry timeout; local reads come from this peer's
 * state machine. Start one with {@link #start(RatisSettings)}.
 */
public final class RatisKvStore implements KvStore {

    private static final Logger LOG = Logger.getLogger(RatisKvStore.class);
    /** How soon a due lease whose expiry did not commit yet is proposed again. */
    private static final Duration LEASE_RETRY = Duration.ofMillis(50);
    /** The lease keeper's longest sleep without a change (a safety net: changes wake it at once). */
    private static final Duration LEASE_IDLE = Duration.ofSeconds(1);

    private final RatisSettings settings;
    private final RatisPeer peer;
    private final RaftClient client;
    private final WatchHub watchHub;
    private final RatisMembership membership;
    private final LeaseKeeper leaseKeeper;
    private final ExecutorService callers;

    private RatisKvStore(RatisSettings settings, RatisPeer peer, RaftClient client, WatchHub watchHub) {
        this.settings = settings;
        this.peer = peer;
        this.client = client;
        this.watchHub = watchHub;
        this.callers = Executors.newCachedThreadPool(daemonThreads("dcs-raft-call-" + peer.id()));
        this.membership = new RatisMembership(client, peer, settings.retryTimeout());
        this.leaseKeeper = new LeaseKeeper(peer.stateMachine().table(), peer::isLeaderReady, this::proposeExpiry,
                LEASE_RETRY, LEASE_IDLE, peer.id());
        peer.stateMachine().onChange(leaseKeeper::nudge);
    }

    /**
     * Starts this peer (recovering its storage if it exists) and connects a client to the group. Fails with an
     * exception naming the address when the port cannot be bound, or when the storage cannot be opened.
     */
    public static RatisKvStore start(RatisSettings settings) throws IOException {
        WatchHub hub = new WatchHub("dcs-watch-" + RatisPeers.peerId(settings.selfAddr()));
        RatisPeer peer;
        try {
            peer = RatisPeer.start(settings, hub::publish);
        } catch (IOException | RuntimeException e) {
            hub.close();
            throw e;
        }
        try {
            RaftClient client = RaftClient.newBuilder().setProperties(RatisConfig.clientProperties(settings))
                    .setParameters(RatisConfig.parameters(settings)).setRaftGroup(RatisPeers.group(settings))
                    .setRetryPolicy(RatisConfig.clientRetryPolicy(settings)).build();
            return new RatisKvStore(settings, peer, client, hub);
        } catch (IOException | RuntimeException e) {
            peer.close();
            hub.close();
            throw e;
        }
    }

    @Override
    public Optional<KvEntry> get(String key, ReadMode mode) throws DcsUnavailable {
        KvLimits.checkKey(key);
        if (mode == ReadMode.LOCAL) {
            return peer.stateMachine().table().get(key);
        }
        List<KvEntry> found = query(Query.newBuilder().setGet(key).build(), "read of " + key);
        return found.stream().findFirst();
    }

    @Override
    public List<KvEntry> scan(String prefix, ReadMode mode) throws DcsUnavailable {
        String p = prefix == null ? "" : prefix;
        KvLimits.checkPrefix(p);
        if (mode == ReadMode.LOCAL) {
            return peer.stateMachine().table().scan(p);
        }
        return query(Query.newBuilder().setScanPrefix(p).build(), "scan of " + p);
    }

    @Override
    public KvResult put(String key, String value, Precondition precondition, Duration ttl) throws DcsUnavailable {
        KvLimits.checkPut(key, value, precondition, ttl);
        Put put = Put.newBuilder().setKey(key).setValue(value).setCondition(DcsProtos.condition(precondition))
                .setTtlMillis(DcsProtos.ttlMillis(ttl)).build();
        return command(Command.newBuilder().setPut(put).build(), "write of " + key);
    }

    @Override
    public KvResult delete(String key, Precondition precondition) throws DcsUnavailable {
        KvLimits.checkDelete(key, precondition);
        Delete delete = Delete.newBuilder().setKey(key).setCondition(DcsProtos.condition(precondition)).build();
        return command(Command.newBuilder().setDelete(delete).build(), "delete of " + key);
    }

    @Override
    public AutoCloseable watch(String keyOrPrefix, Consumer<KvEvent> listener) {
        return watchHub.register(keyOrPrefix, listener);
    }

    /** Adds the peer at {@code addr} (already started, same scope) as a voter. */
    public void addVoter(String addr) throws DcsUnavailable {
        membership.addVoter(addr);
    }

    /** Removes the voter at {@code addr} from the group. */
    public void removeVoter(String addr) throws DcsUnavailable {
        membership.removeVoter(addr);
    }

    /** The voters in this peer's current view of the configuration, as {@code host:port}. */
    public List<String> voters() {
        return peer.currentPeers().stream().map(RaftPeer::getAddress).sorted().toList();
    }

    public String selfAddr() {
        return settings.selfAddr();
    }

    /** Whether this peer is currently the Raft leader (and has committed an entry in its term). */
    public boolean isRaftLeader() {
        return peer.isLeaderReady();
    }

    /** This peer's applied log index. */
    public long appliedIndex() {
        return peer.appliedIndex();
    }

    /** The first index still in this peer's Raft log (greater than 1 once the log was purged after a snapshot). */
    public long logStartIndex() {
        return peer.logStartIndex();
    }

    private List<KvEntry> query(Query q, String what) throws DcsUnavailable {
        RaftClientReply reply = call(what, io -> io.sendReadOnly(DcsProtos.message(q)));
        try {
            QueryReply r = QueryReply.parseFrom(DcsProtos.bytes(reply.getMessage()));
            return r.getEntriesList().stream().map(DcsProtos::kvEntry).toList();
        } catch (InvalidProtocolBufferException e) {
            throw DcsProtos.malformed("DCS query reply", e);
        }
    }

    private KvResult command(Command cmd, String what) throws DcsUnavailable {
        RaftClientReply reply = call(what, io -> io.send(DcsProtos.message(cmd)));
        try {
            CommandReply r = CommandReply.parseFrom(DcsProtos.bytes(reply.getMessage()));
            if (!r.getError().isEmpty()) {
                throw new DcsRejected("DCS " + what + " rejected: " + r.getError());
            }
            return DcsProtos.result(r);
        } catch (InvalidProtocolBufferException e) {
            throw DcsProtos.malformed("DCS command reply", e);
        }
    }

    private CompletableFuture<?> proposeExpiry(String key, long modIndex) {
        ExpireIfUnchanged expire = ExpireIfUnchanged.newBuilder().setKey(key).setModIndex(modIndex).build();
        return submit(io -> io.send(DcsProtos.message(Command.newBuilder().setExpire(expire).build())));
    }

    /** One blocking Raft client call; the client retries leader changes and unreachable peers by its policy. */
    private interface RaftCall {
        RaftClientReply run(BlockingApi io) throws IOException;
    }

    /**
     * Runs the call on the caller pool: Ratis' blocking API has no sliding window that a failed request could
     * close for good (its ordered async client does), and the pool thread lets the caller stop waiting at the retry
     * timeout even when an attempt hangs on an unresponsive peer.
     */
    private CompletableFuture<RaftClientReply> submit(RaftCall call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.run(client.io());
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, callers);
    }

    private RaftClientReply call(String what, RaftCall raftCall) throws DcsUnavailable {
        Duration timeout = settings.retryTimeout();
        CompletableFuture<RaftClientReply> future = submit(raftCall);
        try {
            RaftClientReply reply = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!reply.isSuccess()) {
                throw failure(what, reply.getException());
            }
            return reply;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DcsUnavailable("DCS " + what + " got no answer from a Raft quorum within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
            throw failure(what, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DcsUnavailable("DCS " + what + " interrupted", e);
        }
    }

    private static DcsUnavailable failure(String what, Throwable cause) {
        if (cause instanceof StateMachineException sme && String.valueOf(sme.getMessage()).contains("rejected")) {
            throw new DcsRejected("DCS " + what + " " + sme.getMessage());
        }
        String reason = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new DcsUnavailable("DCS " + what + " failed: " + reason, cause);
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        leaseKeeper.close();
        callers.shutdownNow();
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("closing DCS Raft client: %s", e.getMessage());
        }
        peer.close();
        watchHub.close();
    }
}
