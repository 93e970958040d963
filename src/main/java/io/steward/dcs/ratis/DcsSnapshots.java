package io.steward.dcs.ratis;

import io.steward.dcs.KvEntry;
import io.steward.dcs.ratis.proto.Snapshot;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Snapshot files of the DCS state machine: one protobuf {@link Snapshot} per file, with an MD5 beside it. */
final class DcsSnapshots {

    /** What a snapshot file held. */
    record Loaded(TermIndex termIndex, List<KvEntry> entries) {
    }

    private static final SnapshotRetentionPolicy KEEP_TWO = new SnapshotRetentionPolicy() {
        @Override
        public int getNumSnapshotsRetained() {
            return 2;
        }
    };

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

    SimpleStateMachineStorage storage() {
        return storage;
    }

    void init(RaftStorage raftStorage) throws IOException {
        storage.init(raftStorage);
    }

    /** Writes the entries as the snapshot at {@code last}; returns its index. */
    long write(TermIndex last, List<KvEntry> entries) throws IOException {
        Snapshot.Builder snap = Snapshot.newBuilder().setTerm(last.getTerm()).setIndex(last.getIndex());
        entries.forEach(e -> snap.addEntries(DcsProtos.entry(e)));
        File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            snap.build().writeTo(out);
        }
        Files.move(tmp, target.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
        storage.cleanupOldSnapshots(KEEP_TWO);
        return last.getIndex();
    }

    /** The newest snapshot on disk (verified against its MD5 when there is one), or null when there is none. */
    Loaded loadLatest() throws IOException {
        SingleFileSnapshotInfo info = storage.loadLatestSnapshot();
        if (info == null) {
            return null;
        }
        File file = info.getFile().getPath().toFile();
        if (info.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(file, info.getFile().getFileDigest());
        }
        try (InputStream in = Files.newInputStream(file.toPath())) {
            Snapshot snap = Snapshot.parseFrom(in);
            List<KvEntry> entries = snap.getEntriesList().stream().map(DcsProtos::kvEntry).toList();
            return new Loaded(TermIndex.valueOf(snap.getTerm(), snap.getIndex()), entries);
        }
    }
}
