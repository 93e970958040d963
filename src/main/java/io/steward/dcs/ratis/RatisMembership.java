package io.steward.dcs.ratis;

import io.steward.dcs.DcsUnavailable;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.SetConfigurationException;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Voter changes through Raft's configuration change. They can take longer than a data write (a new voter first
 * catches up), so each is bounded by three retry timeouts.
 */
final class RatisMembership {

    private final RaftClient client;
    private final RatisPeer peer;
    private final Duration timeout;

    RatisMembership(RaftClient client, RatisPeer peer, Duration retryTimeout) {
        this.client = client;
        this.peer = peer;
        this.timeout = retryTimeout.multipliedBy(3);
    }

    void addVoter(String addr) throws DcsUnavailable {
        RaftPeer added = RatisPeers.peer(addr);
        SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
                .setServersInNewConf(List.of(added)).setMode(SetConfigurationRequest.Mode.ADD).build();
        RaftClientReply reply = bounded("adding voter " + addr, () -> client.admin().setConfiguration(args));
        if (!reply.isSuccess()) {
            throw new DcsUnavailable("DCS adding voter " + addr + " failed: " + reply.getException(),
                    reply.getException());
        }
    }

    void removeVoter(String addr) throws DcsUnavailable {
        RaftPeerId removed = RatisPeers.peerId(addr);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<RaftPeer> current = List.copyOf(peer.currentPeers());
            if (current.stream().noneMatch(p -> p.getId().equals(removed))) {
                return;
            }
            List<RaftPeer> next = current.stream().filter(p -> !p.getId().equals(removed)).toList();
            SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
                    .setServersInCurrentConf(current).setServersInNewConf(next)
                    .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET).build();
            RaftClientReply reply = bounded("removing voter " + addr, () -> client.admin().setConfiguration(args));
            if (reply.isSuccess()) {
                return;
            }
            if (!(reply.getException() instanceof SetConfigurationException) || System.nanoTime() > deadline) {
                throw new DcsUnavailable("DCS removing voter " + addr + " failed: " + reply.getException(),
                        reply.getException());
            }
            sleepBriefly();
        }
    }

    private interface AdminCall {
        RaftClientReply run() throws IOException;
    }

    private RaftClientReply bounded(String what, AdminCall call) throws DcsUnavailable {
        CompletableFuture<RaftClientReply> f = CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "dcs-membership");
            t.setDaemon(true);
            t.start();
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DcsUnavailable("DCS " + what + " did not complete within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
            throw new DcsUnavailable("DCS " + what + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DcsUnavailable("DCS " + what + " interrupted", e);
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
