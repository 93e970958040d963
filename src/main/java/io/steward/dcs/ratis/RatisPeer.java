package io.steward.dcs.ratis;

import io.steward.dcs.KvEvent;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.ExitUtils;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/** The lifecycle of this process's Raft server for the DCS group: storage, start, status, stop. */
final class RatisPeer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RatisPeer.class);

    private final RaftServer server;
    private final RaftServer.Division division;
    private final DcsStateMachine stateMachine;
    private final String id;

    private RatisPeer(RaftServer server, RaftServer.Division division, DcsStateMachine stateMachine) {
        this.server = server;
        this.division = division;
        this.stateMachine = stateMachine;
        this.id = division.getId().toString();
    }

    static RatisPeer start(RatisSettings s, Consumer<KvEvent> sink) throws IOException {
        ExitUtils.disableSystemExit();
        RatisConfig.quietRetryLogging();
        RatisConfig.keepMetricsOffJmx();
        RatisPeers.checkBindable(s.selfAddr());
        Parameters parameters = RatisConfig.parameters(s);
        RaftGroup group = RatisPeers.group(s);
        Files.createDirectories(s.dataDir());
        boolean existing = hasStorage(s.dataDir().resolve(group.getGroupId().getUuid().toString()));
        DcsStateMachine sm = new DcsStateMachine(sink);
        RaftServer server = RaftServer.newBuilder().setServerId(RatisPeers.peerId(s.selfAddr())).setGroup(group)
                .setStateMachine(sm).setProperties(RatisConfig.serverProperties(s))
                .setParameters(parameters)
                .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT).build();
        try {
            server.start();
            RaftServer.Division division = server.getDivision(group.getGroupId());
            TermIndex last = division.getRaftLog().getLastEntryTermIndex();
            sm.rearmLeasesAfterReplayOf(last == null ? -1 : last.getIndex());
            LOG.infof("DCS Raft peer %s started on %s (%s storage in %s, %s)", division.getId(), s.selfAddr(),
                    existing ? "recovered" : "new", s.dataDir(), s.tls().isPresent() ? "mutual TLS" : "plaintext");
            return new RatisPeer(server, division, sm);
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            throw new IOException("DCS Raft peer " + s.selfAddr() + " failed to start: " + e.getMessage(), e);
        }
    }

    private static boolean hasStorage(Path groupDir) throws IOException {
        if (!Files.isDirectory(groupDir)) {
            return false;
        }
        try (var children = Files.list(groupDir)) {
            return children.findAny().isPresent();
        }
    }

    String id() {
        return id;
    }

    DcsStateMachine stateMachine() {
        return stateMachine;
    }

    boolean isLeaderReady() {
        try {
            return division.getInfo().isLeader() && division.getInfo().isLeaderReady();
        } catch (RuntimeException e) {
            return false;
        }
    }

    long appliedIndex() {
        return division.getInfo().getLastAppliedIndex();
    }

    long logStartIndex() {
        return division.getRaftLog().getStartIndex();
    }

    Collection<RaftPeer> currentPeers() {
        try {
            return division.getRaftConf().getCurrentPeers();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
    }

    private static void closeQuietly(RaftServer server) {
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("closing DCS Raft server: %s", e.getMessage());
        }
    }
}
