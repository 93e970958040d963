package io.steward.dcs.ratis;

import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Naming rules of the DCS Raft group: peer ids from addresses, the group id from the scope. */
public final class RatisPeers {

    private RatisPeers() {
    }

    /** "127.0.0.1:7001" becomes "p-127_0_0_1_7001": stable across restarts, readable in logs. */
    public static RaftPeerId peerId(String addr) {
        HostPort hp = HostPort.parse(addr);
        return RaftPeerId.valueOf("p-" + hp.host().replaceAll("[^A-Za-z0-9-]", "_") + "_" + hp.port());
    }

    public static RaftPeer peer(String addr) {
        HostPort.parse(addr);
        return RaftPeer.newBuilder().setId(peerId(addr)).setAddress(addr).build();
    }

    public static RaftGroupId groupId(String scope) {
        UUID uuid = UUID.nameUUIDFromBytes(("steward-dcs:" + scope).getBytes(StandardCharsets.UTF_8));
        return RaftGroupId.valueOf(uuid);
    }

    public static RaftGroup group(RatisSettings s) {
        Set<String> addrs = new LinkedHashSet<>();
        addrs.add(s.selfAddr());
        addrs.addAll(s.partnerAddrs());
        List<RaftPeer> peers = new ArrayList<>();
        for (String a : addrs) {
            peers.add(peer(a));
        }
        return RaftGroup.valueOf(groupId(s.scope()), peers);
    }

    /** Fails with a message naming the address when this process cannot listen on it. */
    static void checkBindable(String addr) throws IOException {
        HostPort hp = HostPort.parse(addr);
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(hp.host(), hp.port()));
        } catch (IOException e) {
            throw new IOException("DCS Raft peer cannot listen on " + addr + ": " + e.getMessage()
                    + " (is another agent or process using that port?)", e);
        }
    }

    /** A parsed {@code host:port}. */
    public record HostPort(String host, int port) {

        public static HostPort parse(String addr) {
            int colon = addr == null ? -1 : addr.lastIndexOf(':');
            if (colon <= 0 || colon == addr.length() - 1) {
                throw new IllegalArgumentException("DCS peer address '" + addr + "' is not host:port");
            }
            String host = addr.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(addr.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException("out of range");
                }
                return new HostPort(host, port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("DCS peer address '" + addr + "' has no valid port", e);
            }
        }
    }
}
