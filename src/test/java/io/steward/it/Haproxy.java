package io.steward.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's haproxy in front of a test cluster, configured like haproxy/haproxy.cfg: writes go to the member that
 * answers 200 on /primary, reads to members answering 200 on /replica.
 */
final class Haproxy implements AutoCloseable {

    final int writePort;
    final int readPort;
    private final Process process;

    Haproxy(ClusterHarness cluster) throws IOException {
        writePort = ClusterHarness.freePort();
        readPort = ClusterHarness.freePort();
        StringBuilder cfg = new StringBuilder("""
                global
                    maxconn 200
                defaults
                    mode tcp
                    timeout connect 2s
                    timeout client 30m
                    timeout server 30m
                    timeout check 1s
                """);
        appendListen(cfg, cluster, "primary", writePort, "/primary");
        appendListen(cfg, cluster, "replicas", readPort, "/replica");
        Path file = cluster.base.resolve("haproxy.cfg");
        Files.writeString(file, cfg.toString());
        process = new ProcessBuilder(haproxyBinary(), "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(cluster.base.resolve("haproxy.log").toFile()).start();
    }

    private static void appendListen(StringBuilder cfg, ClusterHarness cluster, String name, int port, String check) {
        cfg.append("listen ").append(name).append('\n')
                .append("    bind 127.0.0.1:").append(port).append('\n')
                .append("    option httpchk\n")
                .append("    http-check send meth GET uri ").append(check).append('\n')
                .append("    http-check expect status 200\n")
                .append("    default-server inter 300ms fall 2 rise 1 on-marked-down shutdown-sessions\n");
        for (ClusterHarness.Node n : cluster.dbNodes()) {
            cfg.append("    server ").append(n.name).append(" 127.0.0.1:").append(n.pgPort)
                    .append(" check port ").append(n.restPort).append('\n');
        }
    }

    static String haproxyBinary() {
        for (String p : new String[] {"/usr/sbin/haproxy", "/usr/local/sbin/haproxy"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("haproxy is not installed (apt-get install haproxy)");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
