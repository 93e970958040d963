package io.steward.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts a real local cluster for end-to-end tests: N agent JVMs from the packaged application, each with its own
 * PostgreSQL server and embedded Raft peer, on free loopback ports, under a temporary directory. Cleans up every
 * process it started (by PID) on close.
 */
public final class ClusterHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public final String scope = "it-" + UUID.randomUUID().toString().substring(0, 8);
    public final Path base;
    public final List<Node> nodes = new ArrayList<>();
    private final int ttl;
    private final int loopWait;
    private final int retryTimeout;

    /** One node: its ports, directories, config file and agent process. */
    public final class Node {
        public final String name;
        public final int restPort;
        public final int raftPort;
        public final int pgPort;
        public final Path dir;
        public final boolean witness;
        Process agent;

        Node(String name, boolean witness) throws IOException {
            this.name = name;
            this.witness = witness;
            this.restPort = freePort();
            this.raftPort = freePort();
            this.pgPort = freePort();
            this.dir = base.resolve(name);
            Files.createDirectories(dir);
            openForPostgres(dir);
        }

        public Path config() {
            return dir.resolve("steward.yml");
        }

        public Path pgData() {
            return dir.resolve("pgdata");
        }

        public Path log() {
            return dir.resolve("agent.log");
        }

        public String restUrl() {
            return "http://127.0.0.1:" + restPort;
        }

        public String raftAddr() {
            return "127.0.0.1:" + raftPort;
        }

        public long agentPid() {
            return agent == null ? -1 : agent.pid();
        }

        public boolean agentAlive() {
            return agent != null && agent.isAlive();
        }
    }

    public ClusterHarness(int dbNodes, int witnesses, int ttl, int loopWait, int retryTimeout) throws IOException {
        this.ttl = ttl;
        this.loopWait = loopWait;
        this.retryTimeout = retryTimeout;
        this.base = Files.createTempDirectory("steward-it-");
        openForPostgres(base);
        for (int i = 1; i <= dbNodes; i++) {
            nodes.add(new Node("node" + i, false));
        }
        for (int i = 1; i <= witnesses; i++) {
            nodes.add(new Node("witness" + i, true));
        }
        for (Node n : nodes) {
            Files.writeString(n.config(), configFor(n));
        }
    }

    public ClusterHarness(int dbNodes) throws IOException {
        this(dbNodes, 0, 10, 2, 3);
    }

    public Node node(String name) {
        return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
    }

    String configFor(Node n) {
        String partners = nodes.stream().filter(o -> o != n).map(o -> "\"" + o.raftAddr() + "\"")
                .collect(Collectors.joining(", "));
        StringBuilder y = new StringBuilder();
        y.append("scope: ").append(scope).append('\n')
                .append("namespace: /service/\n")
                .append("name: ").append(n.name).append('\n')
                .append("restapi:\n  listen: 127.0.0.1:").append(n.restPort)
                .append("\n  connect_address: 127.0.0.1:").append(n.restPort).append('\n')
                .append("raft:\n  data_dir: ").append(n.dir.resolve("raft"))
                .append("\n  self_addr: ").append(n.raftAddr())
                .append("\n  partner_addrs: [").append(partners).append("]\n")
                .append("bootstrap:\n  dcs:\n    ttl: ").append(ttl)
                .append("\n    loop_wait: ").append(loopWait)
                .append("\n    retry_timeout: ").append(retryTimeout)
                .append("\n    maximum_lag_on_failover: 1048576\n    postgresql:\n      parameters:\n")
                .append("        max_connections: 40\n        shared_buffers: 16MB\n");
        if (!n.witness) {
            y.append("postgresql:\n  listen: 127.0.0.1:").append(n.pgPort)
                    .append("\n  connect_address: 127.0.0.1:").append(n.pgPort)
                    .append("\n  data_dir: ").append(n.pgData())
                    .append("\n  authentication:\n    superuser:\n      username: postgres\n      password: it-secret\n")
                    .append("    replication:\n      username: replicator\n      password: it-rep\n")
                    .append("  parameters:\n    fsync: 'off'\n");
        }
        return y.toString();
    }

    // ---- processes -------------------------------------------------------------------------------------------

    public void startAll() throws IOException {
        for (Node n : nodes) {
            start(n);
        }
    }

    public void start(Node n) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("packaged application missing: " + jar + " (run mvn package first)");
        }
        List<String> cmd = List.of(javaBin(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), n.config().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(n.log().toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("STEWARD_"));
        n.agent = pb.start();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** SIGKILL the agent (its PostgreSQL keeps running). */
    public void killAgent(Node n) throws InterruptedException {
        if (n.agent != null) {
            n.agent.destroyForcibly();
            n.agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM the agent and wait for it to exit. */
    public void stopAgent(Node n) throws InterruptedException {
        if (n.agent != null && n.agent.isAlive()) {
            n.agent.destroy();
            if (!n.agent.waitFor(60, TimeUnit.SECONDS)) {
                n.agent.destroyForcibly();
                n.agent.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The postmaster PID from postmaster.pid, or -1. */
    public long postmasterPid(Node n) {
        try {
            Path pidFile = n.pgData().resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return -1;
            }
            String first = Files.readAllLines(pidFile).get(0).trim();
            return Long.parseLong(first);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** True when the process exists and is not a zombie. */
    public static boolean processAlive(long pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = stat.charAt(close + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    public void killPostmaster(Node n, boolean hard) {
        long pid = postmasterPid(n);
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(h -> {
                if (hard) {
                    h.destroyForcibly();
                } else {
                    h.destroy();
                }
            });
        }
    }

    /** Runs a PostgreSQL binary as the postgres user (e.g. pg_ctl promote). */
    public int pgCtl(Node n, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", pgBin("pg_ctl"), "-D",
                n.pgData().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(n.dir.resolve("pg_ctl.out").toFile())).start();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    static String pgBin(String name) {
        for (String v : List.of("17", "16", "15", "14", "13")) {
            Path p = Path.of("/usr/lib/postgresql", v, "bin", name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return name;
    }

    // ---- REST ------------------------------------------------------------------------------------------------

    /** HTTP status of GET path on the node, or -1 when it does not answer. */
    public int status(Node n, String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(n.restUrl() + path)).timeout(Duration.ofSeconds(2))
                    .GET().build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public JsonNode getJson(Node n, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(n.restUrl() + path)).timeout(Duration.ofSeconds(3))
                .GET().build();
        return JSON.readTree(HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Sends a request with a JSON body; returns status and body. */
    public HttpResponse<String> send(Node n, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(n.restUrl() + path)).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public List<Node> dbNodes() {
        return nodes.stream().filter(n -> !n.witness).toList();
    }

    /** The nodes answering 200 on /primary right now. */
    public List<Node> primaries() {
        return dbNodes().stream().filter(n -> status(n, "/primary") == 200).toList();
    }

    public Node awaitSinglePrimary(Duration timeout) {
        awaitTrue(timeout, "exactly one primary", () -> primaries().size() == 1);
        return primaries().get(0);
    }

    /** Waits until one node is primary and every other running DB node answers 200 on /replica. */
    public Node awaitHealthy(Duration timeout) {
        awaitTrue(timeout, "a healthy cluster (one primary, all others streaming replicas)", () -> {
            List<Node> p = primaries();
            return p.size() == 1 && dbNodes().stream().filter(n -> n != p.get(0))
                    .allMatch(n -> status(n, "/replica?replication_state=streaming") == 200);
        });
        return primaries().get(0);
    }

    public void awaitTrue(Duration timeout, String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                if (cond.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException ignored) {
                // not yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "\n" + logTails());
    }

    // ---- SQL -------------------------------------------------------------------------------------------------

    public Connection connect(Node n) throws java.sql.SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "it-secret");
        p.setProperty("connectTimeout", "2");
        p.setProperty("socketTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + n.pgPort + "/postgres", p);
    }

    public void execute(Node n, String sql) throws java.sql.SQLException {
        try (Connection c = connect(n); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public String queryOne(Node n, String sql) throws java.sql.SQLException {
        try (Connection c = connect(n); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The first column of the first row, "" for none, or "error: ..." when the query fails (for polling). */
    public String queryOrError(Node n, String sql) {
        try {
            String v = queryOne(n, sql);
            return v == null ? "" : v;
        } catch (java.sql.SQLException e) {
            return "error: " + e.getMessage();
        }
    }

    // ---- diagnostics and cleanup -----------------------------------------------------------------------------

    public String logTails() {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes) {
            sb.append("---- ").append(n.name).append(" agent log tail ----\n");
            try {
                List<String> lines = Files.exists(n.log()) ? Files.readAllLines(n.log()) : List.of();
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> sb.append(l).append('\n'));
            } catch (IOException | RuntimeException e) {
                sb.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            if (n.agent != null) {
                n.agent.destroyForcibly();
            }
        }
        for (Node n : nodes) {
            try {
                if (n.agent != null) {
                    n.agent.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long pid = postmasterPid(n);
            if (processAlive(pid)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                awaitQuietly(() -> !processAlive(pid));
            }
        }
        deleteTree(base);
    }

    private static void awaitQuietly(BooleanSupplier cond) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cond.getAsBoolean() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    static void openForPostgres(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
