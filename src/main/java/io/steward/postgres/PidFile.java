package io.steward.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The postmaster.pid file and what /proc says about the pid in it.
 *
 * @param pid first line
 * @param status last line, "starting", "stopping", "ready" or "standby" (empty when not written yet)
 */
record PidFile(long pid, String status) {
    static final String NAME = "postmaster.pid";

    static Optional<PidFile> read(Path dataDir) {
        Path f = dataDir.resolve(NAME);
        try {
            List<String> lines = Files.readAllLines(f);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty();
            }
            String status = lines.size() >= 8 ? lines.get(7).trim() : "";
            return Optional.of(new PidFile(Long.parseLong(lines.get(0).trim()), status));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when the process exists, is not a zombie and is a PostgreSQL postmaster. */
    static boolean isLivePostmaster(long pid) {
        return isAlive(pid) && cmdlineOf(pid).contains("postgres");
    }

    /** True when /proc/pid/stat exists and its state is not zombie or dead. */
    static boolean isAlive(long pid) {
        char state = procState(pid);
        return state != '?' && state != 'Z' && state != 'X' && state != 'x';
    }

    /** True when the process is stopped by a signal (SIGSTOP) or a debugger: alive, but it accepts nothing. */
    static boolean isFrozen(long pid) {
        char state = procState(pid);
        return state == 'T' || state == 't';
    }

    /** The state letter of /proc/pid/stat, '?' when the process does not exist. */
    private static char procState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return stat.charAt(close + 2);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    private static String cmdlineOf(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
