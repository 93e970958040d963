package io.steward.postgres;

import io.steward.model.PgRole;
import io.steward.model.PgState;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Assembles {@link PgStatus}: from SQL when the server answers, from the process table and pg_controldata if not. */
final class StatusReader {
    private final PgSettings settings;
    private final PgBinaries binaries;
    private final ProcessRunner runner;
    private final DataDirectory dir;
    private final Postmaster postmaster;
    private final PgProbe probe;

    StatusReader(PgSettings settings, PgBinaries binaries, ProcessRunner runner, DataDirectory dir,
            Postmaster postmaster, PgProbe probe) {
        this.settings = settings;
        this.binaries = binaries;
        this.runner = runner;
        this.dir = dir;
        this.postmaster = postmaster;
        this.probe = probe;
    }

    /**
     * The current status; {@code busy} (the long action in progress, or null) names the state whenever PostgreSQL
     * itself is not answering, e.g. CREATING_REPLICA while pg_basebackup fills the directory.
     */
    PgStatus status(PgState busy) {
        DataDirectory.Kind kind = dir.kind();
        if (busy != null && (kind != DataDirectory.Kind.POSTGRES || postmaster.pid().isEmpty())) {
            return PgStatus.down(busy, PgRole.UNKNOWN, null, postmaster.pid().orElse(0), busy.wire());
        }
        if (kind == DataDirectory.Kind.EMPTY) {
            return PgStatus.down(PgState.UNINITIALIZED, PgRole.UNKNOWN, null, 0, "data directory is empty");
        }
        if (kind == DataDirectory.Kind.FOREIGN) {
            return PgStatus.down(PgState.UNKNOWN, PgRole.UNKNOWN, null, 0,
                    settings.dataDir() + " is not a PostgreSQL data directory");
        }
        return switch (postmaster.processState()) {
            case RUNNING -> runningStatus(postmaster.pid().orElse(0), busy);
            case STALE_PID_FILE -> downStatus(PgState.CRASHED, "stale postmaster.pid: pid "
                    + PidFile.read(settings.dataDir()).map(PidFile::pid).orElse(0L) + " is not running");
            case EXITED_UNEXPECTEDLY -> downStatus(PgState.CRASHED, "the postmaster exited without being asked to");
            case START_FAILED -> downStatus(PgState.START_FAILED, "the last start failed: " + postmaster.logTail());
            case NOT_RUNNING -> downStatus(PgState.STOPPED, "stopped");
        };
    }

    /** pg_controldata of the data directory. */
    ControlData controlData() {
        if (dir.kind() != DataDirectory.Kind.POSTGRES) {
            throw new PgDataDirectoryCorrupt(settings.dataDir() + " is not a PostgreSQL data directory", "");
        }
        ProcessRunner.Result r = runner.run(List.of(binaries.path("pg_controldata"), "-D",
                settings.dataDir().toString()), Map.of("LC_ALL", "C", "LANG", "C"), Duration.ofSeconds(30));
        if (!r.ok()) {
            throw new PgDataDirectoryCorrupt("pg_controldata cannot read " + settings.dataDir(), r.output());
        }
        return ControlData.parse(r.output());
    }

    private PgStatus runningStatus(long pid, PgState busy) {
        if ("stopping".equals(postmaster.pidFileStatus())) {
            // a shutdown is under way (perhaps a smart one, started outside Steward): never hold it up
            probe.disconnect();
            return PgStatus.down(busy != null ? busy : PgState.STOPPING, roleFromSignal(), null, pid,
                    "the postmaster (pid " + pid + ") is shutting down");
        }
        if (PidFile.isFrozen(pid)) {
            // existing backends (the probe's own connection among them) still answer, but no new client gets in
            return PgStatus.down(PgState.NOT_RESPONDING, roleFromSignal(), null, pid,
                    "the postmaster (pid " + pid + ") is stopped by a signal and accepts no connections");
        }
        try {
            return probe.local(pid);
        } catch (PostgresUnavailable e) {
            String word = postmaster.pidFileStatus();
            PgState st = busy != null ? busy
                    : "starting".equals(word) ? PgState.STARTING
                    : "stopping".equals(word) ? PgState.STOPPING : PgState.NOT_RESPONDING;
            return PgStatus.down(st, roleFromSignal(), null, pid, e.getMessage());
        }
    }

    private PgStatus downStatus(PgState state, String message) {
        try {
            return PgStatus.down(state, roleFromSignal(), controlData(), 0, message);
        } catch (PgDataDirectoryCorrupt e) {
            return PgStatus.down(PgState.UNKNOWN, PgRole.UNKNOWN, null, 0, e.getMessage());
        }
    }

    private PgRole roleFromSignal() {
        return dir.hasFile(ConfigRenderer.STANDBY_SIGNAL) ? PgRole.REPLICA : PgRole.PRIMARY;
    }
}
