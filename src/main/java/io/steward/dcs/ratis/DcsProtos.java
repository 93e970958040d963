package io.steward.dcs.ratis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.steward.dcs.KvEntry;
import io.steward.dcs.KvResult;
import io.steward.dcs.Precondition;
import io.steward.dcs.ratis.proto.CommandReply;
import io.steward.dcs.ratis.proto.Condition;
import io.steward.dcs.ratis.proto.Entry;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

import java.time.Duration;

/** Conversions between the store's types, the dcs.proto messages and Ratis messages. */
final class DcsProtos {

    private DcsProtos() {
    }

    static Message message(com.google.protobuf.MessageLite proto) {
        return Message.valueOf(UnsafeByteOperations.unsafeWrap(proto.toByteArray()));
    }

    static byte[] bytes(Message message) {
        return message.getContent().toByteArray();
    }

    static Condition condition(Precondition p) {
        if (p instanceof Precondition.Absent) {
            return Condition.newBuilder().setAbsent(true).build();
        }
        if (p instanceof Precondition.ModIndexEquals m) {
            return Condition.newBuilder().setModIndex(m.modIndex()).build();
        }
        if (p instanceof Precondition.ValueEquals v) {
            return Condition.newBuilder().setValueEquals(v.value()).build();
        }
        return Condition.getDefaultInstance();
    }

    static Precondition precondition(Condition c) {
        return switch (c.getKindCase()) {
            case ABSENT -> Precondition.absent();
            case MOD_INDEX -> Precondition.modIndexEquals(c.getModIndex());
            case VALUE_EQUALS -> Precondition.valueEquals(c.getValueEquals());
            case KIND_NOT_SET -> Precondition.none();
        };
    }

    static Entry entry(KvEntry e) {
        return Entry.newBuilder().setKey(e.key()).setValue(e.value()).setModIndex(e.modIndex())
                .setTtlMillis(ttlMillis(e.ttl())).build();
    }

    static KvEntry kvEntry(Entry e) {
        return new KvEntry(e.getKey(), e.getValue(), e.getModIndex(), ttl(e.getTtlMillis()));
    }

    static long ttlMillis(Duration ttl) {
        return ttl == null ? 0 : ttl.toMillis();
    }

    static Duration ttl(long millis) {
        return millis == 0 ? null : Duration.ofMillis(millis);
    }

    static CommandReply reply(KvResult r) {
        CommandReply.Builder b = CommandReply.newBuilder().setSucceeded(r.succeeded()).setIndex(r.index());
        if (r.current() != null) {
            b.setCurrent(entry(r.current()));
        }
        return b.build();
    }

    static KvResult result(CommandReply r) {
        return new KvResult(r.getSucceeded(), r.hasCurrent() ? kvEntry(r.getCurrent()) : null, r.getIndex());
    }

    /** Protobuf's checked parse failure as an unchecked one, for lambdas. */
    static RuntimeException malformed(String what, InvalidProtocolBufferException e) {
        return new IllegalArgumentException("malformed " + what + ": " + e.getMessage(), e);
    }
}
