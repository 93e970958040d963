package io.steward.postgres;

import io.steward.model.PgState;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The postmaster process: started as a direct child of the JVM (so its exit is seen and reaped) in its own session
 * (so it outlives the agent), or adopted from postmaster.pid after an agent restart.
 */
final class Postmaster {
    /** What the process table says, before asking PostgreSQL anything. */
    enum ProcessState { NOT_RUNNING, RUNNING, STALE_PID_FILE, EXITED_UNEXPECTEDLY, START_FAILED }

    private static final Duration ESCALATION_WAIT = Duration.ofSeconds(15);
    private static final int LOG_TAIL_LINES = 30;

    private final PgSettings settings;
    private final PgBinaries binaries;
    private final ProcessRunner runner;
    private volatile Process child;
    private volatile boolean stopRequested = true;
    private volatile long logOffset;
    private volatile boolean startFailed;

    Postmaster(PgSettings settings, PgBinaries binaries, ProcessRunner runner) {
        this.settings = settings;
        this.binaries = binaries;
        this.runner = runner;
    }

    /** The pid of a live postmaster for our data directory, if any. */
    OptionalLong pid() {
        Process c = child;
        if (c != null && c.isAlive()) {
            return OptionalLong.of(c.pid());
        }
        Optional<PidFile> pf = PidFile.read(settings.dataDir());
        return pf.isPresent() && PidFile.isLivePostmaster(pf.get().pid()) ? OptionalLong.of(pf.get().pid())
                : OptionalLong.empty();
    }

    ProcessState processState() {
        if (pid().isPresent()) {
            return ProcessState.RUNNING;
        }
        if (PidFile.read(settings.dataDir()).isPresent()) {
            return ProcessState.STALE_PID_FILE;
        }
        Process c = child;
        boolean crashed = c != null && !stopRequested && !c.isAlive() && c.exitValue() != 0;
        if (!crashed) {
            return ProcessState.NOT_RUNNING;
        }
        return startFailed ? ProcessState.START_FAILED : ProcessState.EXITED_UNEXPECTEDLY;
    }

    /** The status word from postmaster.pid ("starting", "ready", "standby", "stopping"), or empty. */
    String pidFileStatus() {
        return PidFile.read(settings.dataDir()).map(PidFile::status).orElse("");
    }

    /**
     * Starts the postmaster and waits until {@code answering} says yes or the timeout passes.
     *
     * @throws PgPortInUse when the port is taken
     * @throws PgStartFailed when the postmaster exits during start-up
     */
    StartResult start(Duration timeout, BooleanSupplier answering) {
        OptionalLong running = pid();
        if (running.isPresent()) {
            return new StartResult(PgState.RUNNING, running.getAsLong(), true);
        }
        removeStalePidFile();
        checkPortFree();
        Process p = spawn();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                startFailed = true;
                throw startFailure(p.exitValue());
            }
            String status = pidFileStatus();
            if (("ready".equals(status) || "standby".equals(status)) && answering.getAsBoolean()) {
                return new StartResult(PgState.RUNNING, p.pid(), false);
            }
            sleep(100);
        }
        return new StartResult(PgState.STARTING, p.pid(), false);
    }

    /** Stops the postmaster in {@code mode}; escalates to immediate, then SIGKILL, when it does not stop in time. */
    StopResult stop(StopMode mode, Duration timeout) {
        OptionalLong found = pid();
        if (found.isEmpty()) {
            stopRequested = true;
            return new StopResult(false, mode, mode, 0);
        }
        long pid = found.getAsLong();
        stopRequested = true;
        runner.signal(pid, mode.signal());
        if (waitForExit(pid, timeout)) {
            return new StopResult(true, mode, mode, pid);
        }
        if (mode != StopMode.IMMEDIATE) {
            runner.signal(pid, StopMode.IMMEDIATE.signal());
            if (waitForExit(pid, ESCALATION_WAIT)) {
                return new StopResult(true, mode, StopMode.IMMEDIATE, pid);
            }
        }
        runner.signal(pid, "KILL");
        if (waitForExit(pid, ESCALATION_WAIT)) {
            return new StopResult(true, mode, null, pid);
        }
        throw new PgStopFailed("PostgreSQL (pid " + pid + ") did not stop even after SIGKILL", logTail());
    }

    /** Asks the postmaster to re-read its configuration files. */
    boolean reload() {
        OptionalLong p = pid();
        return p.isPresent() && runner.signal(p.getAsLong(), "HUP");
    }

    /** The last lines the postmaster wrote since the last start (or the end of the log file). */
    String logTail() {
        Path log = settings.logFile();
        if (!Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(logOffset <= f.length() ? logOffset : 0, f.length() - 16 * 1024);
            byte[] buf = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(buf);
            List<String> lines = new String(buf, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private Process spawn() {
        Path log = settings.logFile();
        try {
            Files.createDirectories(log.getParent());
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            runner.chown(log);
            logOffset = Files.size(log);
            List<String> argv = List.of(binaries.path("postgres"), "-D", settings.dataDir().toString());
            Process p = runner.spawnDetached(argv, Map.of(), log);
            child = p;
            stopRequested = false;
            startFailed = false;
            return p;
        } catch (IOException e) {
            throw new PgStartFailed("could not launch " + binaries.path("postgres") + ": " + e.getMessage(), "");
        }
    }

    private PgException startFailure(int exitCode) {
        String tail = logTail();
        if (tail.contains("could not bind") || tail.contains("Address already in use")
                || tail.contains("could not create any TCP/IP sockets")) {
            return new PgPortInUse(settings.listenHost(), settings.port(), "reported by PostgreSQL", tail);
        }
        return new PgStartFailed("PostgreSQL exited during start-up with code " + exitCode, tail);
    }

    private void removeStalePidFile() {
        Path f = settings.dataDir().resolve(PidFile.NAME);
        if (PidFile.read(settings.dataDir()).isPresent()) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove stale " + f, e);
            }
        }
    }

    private void checkPortFree() {
        for (String host : settings.listenHost().split(",")) {
            String h = host.trim();
            String bindHost = "*".equals(h) ? "0.0.0.0" : h;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(bindHost, settings.port()));
            } catch (IOException e) {
                throw new PgPortInUse(h, settings.port(), e.getMessage(), null);
            }
        }
    }

    private boolean waitForExit(long pid, Duration timeout) {
        Process c = child;
        try {
            if (c != null && c.pid() == pid) {
                return c.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (PidFile.isAlive(pid)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(100);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
