package io.steward.dcs.ratis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.steward.dcs.DcsRejected;
import io.steward.dcs.KvEntry;
import io.steward.dcs.KvEvent;
import io.steward.dcs.KvLimits;
import io.steward.dcs.KvResult;
import io.steward.dcs.KvTable;
import io.steward.dcs.ratis.proto.Command;
import io.steward.dcs.ratis.proto.CommandReply;
import io.steward.dcs.ratis.proto.Delete;
import io.steward.dcs.ratis.proto.ExpireIfUnchanged;
import io.steward.dcs.ratis.proto.Put;
import io.steward.dcs.ratis.proto.Query;
import io.steward.dcs.ratis.proto.QueryReply;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.LifeCycle;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The replicated state of the DCS: a {@link KvTable} driven by the Raft log. Commands are validated in
 * {@link #startTransaction} (on the leader, before anything is logged); {@link #applyTransaction} is deterministic,
 * reports a failed compare-and-set as a result, and always advances the applied index. Each peer records its own
 * monotonic time of applying a lease; those times never leave the peer.
 */
final class DcsStateMachine extends BaseStateMachine {

    private static final Logger LOG = Logger.getLogger(DcsStateMachine.class);

    private final KvTable table;
    private final DcsSnapshots snapshots = new DcsSnapshots();
    private long rearmAtIndex = -1;
    private volatile Runnable onChange = () -> { };

    DcsStateMachine(Consumer<KvEvent> sink) {
        this.table = new KvTable(sink);
    }

    KvTable table() {
        return table;
    }

    /** Called after every change of the table or of this peer's role (the lease keeper looks again). */
    void onChange(Runnable listener) {
        this.onChange = listener;
    }

    @Override
    public synchronized void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
            throws IOException {
        getLifeCycle().transition(LifeCycle.State.STARTING);
        super.initialize(server, groupId, raftStorage);
        snapshots.init(raftStorage);
        loadLatestSnapshot();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /** Ratis pauses the state machine before it installs a snapshot from the leader, then calls reinitialize. */
    @Override
    public synchronized void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public synchronized void reinitialize() throws IOException {
        loadLatestSnapshot();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
        onChange.run();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        onChange.run();
    }

    @Override
    public void notifyLeaderReady() {
        onChange.run();
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return snapshots.storage();
    }

    /** The table and the applied index are read together, so a snapshot never holds a half-applied entry. */
    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last;
        List<KvEntry> entries;
        synchronized (table) {
            last = getLastAppliedTermIndex();
            entries = table.entries();
        }
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        return snapshots.write(last, entries);
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        try {
            validate(Command.parseFrom(DcsProtos.bytes(request.getMessage())));
        } catch (InvalidProtocolBufferException | DcsRejected e) {
            throw new StateMachineException("rejected: " + e.getMessage());
        }
        return super.startTransaction(request);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        CommandReply reply;
        synchronized (table) {
            reply = applyCommand(entry.getStateMachineLogEntry().getLogData().toByteArray(), index);
            updateLastAppliedTermIndex(entry.getTerm(), index);
        }
        rearmIfReplayed(index);
        onChange.run();
        return CompletableFuture.completedFuture(DcsProtos.message(reply));
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        super.notifyTermIndexUpdated(term, index);
        rearmIfReplayed(index);
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        try {
            Query q = Query.parseFrom(DcsProtos.bytes(request));
            List<KvEntry> found = switch (q.getKindCase()) {
                case GET -> table.get(q.getGet()).map(List::of).orElse(List.of());
                case SCAN_PREFIX -> table.scan(q.getScanPrefix());
                case KIND_NOT_SET -> throw new IllegalArgumentException("empty DCS query");
            };
            QueryReply.Builder reply = QueryReply.newBuilder();
            found.forEach(e -> reply.addEntries(DcsProtos.entry(e)));
            return CompletableFuture.completedFuture(DcsProtos.message(reply.build()));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new StateMachineException("rejected query: " + e.getMessage()));
        }
    }

    /**
     * A restarted peer has no apply time for the entries it replays from its own log: once it has applied up to
     * {@code lastLocalIndex} (its log's end at start-up), every lease restarts its countdown at that moment.
     */
    synchronized void rearmLeasesAfterReplayOf(long lastLocalIndex) {
        TermIndex applied = getLastAppliedTermIndex();
        if (applied != null && applied.getIndex() >= lastLocalIndex) {
            table.rearmLeasesNotBefore(System.nanoTime());
        } else {
            rearmAtIndex = lastLocalIndex;
        }
    }

    private synchronized void rearmIfReplayed(long index) {
        if (rearmAtIndex >= 0 && index >= rearmAtIndex) {
            rearmAtIndex = -1;
            table.rearmLeasesNotBefore(System.nanoTime());
            onChange.run();
        }
    }

    private CommandReply applyCommand(byte[] data, long index) {
        try {
            Command cmd = Command.parseFrom(data);
            return switch (cmd.getOpCase()) {
                case PUT -> applyPut(cmd.getPut(), index);
                case DELETE -> applyDelete(cmd.getDelete(), index);
                case EXPIRE -> applyExpire(cmd.getExpire(), index);
                case OP_NOT_SET -> error("empty command at index " + index);
            };
        } catch (InvalidProtocolBufferException e) {
            LOG.errorf("skipping undecodable DCS log entry %d: %s", index, e.getMessage());
            return error("undecodable command at index " + index);
        }
    }

    private CommandReply applyPut(Put put, long index) {
        KvResult r = table.put(put.getKey(), put.getValue(), DcsProtos.precondition(put.getCondition()),
                DcsProtos.ttl(put.getTtlMillis()), index, System.nanoTime());
        return DcsProtos.reply(r);
    }

    private CommandReply applyDelete(Delete delete, long index) {
        return DcsProtos.reply(table.delete(delete.getKey(), DcsProtos.precondition(delete.getCondition()), index));
    }

    private CommandReply applyExpire(ExpireIfUnchanged expire, long index) {
        boolean expired = table.expireIfUnchanged(expire.getKey(), expire.getModIndex(), index);
        return CommandReply.newBuilder().setSucceeded(expired).setIndex(expired ? index : 0).build();
    }

    private static CommandReply error(String message) {
        return CommandReply.newBuilder().setSucceeded(false).setError(message).build();
    }

    private static void validate(Command cmd) {
        switch (cmd.getOpCase()) {
            case PUT -> {
                Put p = cmd.getPut();
                KvLimits.checkPut(p.getKey(), p.getValue(), DcsProtos.precondition(p.getCondition()),
                        DcsProtos.ttl(p.getTtlMillis()));
            }
            case DELETE -> KvLimits.checkKey(cmd.getDelete().getKey());
            case EXPIRE -> KvLimits.checkKey(cmd.getExpire().getKey());
            case OP_NOT_SET -> throw new DcsRejected("empty DCS command");
        }
    }

    private void loadLatestSnapshot() throws IOException {
        DcsSnapshots.Loaded loaded = snapshots.loadLatest();
        if (loaded == null) {
            return;
        }
        table.restore(loaded.entries(), loaded.termIndex().getIndex(), System.nanoTime());
        setLastAppliedTermIndex(loaded.termIndex());
        LOG.infof("DCS state loaded from snapshot at index %d (%d keys)", loaded.termIndex().getIndex(),
                loaded.entries().size());
    }
}
