package io.steward.postgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs PostgreSQL programs as the PostgreSQL OS user: through {@code setpriv} when the agent is root (PostgreSQL
 * refuses to run as root), directly otherwise. Also owns file ownership and signalling, which depend on the same
 * question.
 */
final class ProcessRunner {
    /** Result of a finished command: exit code and combined stdout/stderr (tail-limited). */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private static final int MAX_OUTPUT = 64 * 1024;

    private final String runAs;
    private final boolean root;
    private final String group;

    ProcessRunner(String runAs) {
        this.runAs = runAs;
        this.root = currentUid() == 0;
        this.group = root ? primaryGroupOf(runAs) : null;
    }

    boolean isRoot() {
        return root;
    }

    /** The command line that runs {@code argv} as the PostgreSQL OS user. */
    List<String> asPostgresUser(List<String> argv) {
        if (!root) {
            return List.copyOf(argv);
        }
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + runAs, "--regid=" + group,
                "--init-groups", "--"));
        cmd.addAll(argv);
        return cmd;
    }

    /** Runs a command as the PostgreSQL user and waits; times out by killing it (exit code -1). */
    Result run(List<String> argv, Map<String, String> env, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("steward-cmd", ".out");
            ProcessBuilder pb = builder(asPostgresUser(argv), env);
            pb.redirectErrorStream(true).redirectOutput(out.toFile());
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, tail(out) + "\n(timed out after " + timeout.toSeconds() + "s)");
            }
            return new Result(p.exitValue(), tail(out));
        } catch (IOException e) {
            return new Result(-1, "could not run " + argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted while running " + argv.get(0));
        } finally {
            deleteQuietly(out);
        }
    }

    /** Runs a command and throws {@link PgCommandFailed} (with its output) when it does not exit 0. */
    Result runChecked(String what, List<String> argv, Map<String, String> env, Duration timeout) {
        Result r = run(argv, env, timeout);
        if (!r.ok()) {
            throw new PgCommandFailed(what + " failed (exit code " + r.exitCode() + ")", r.exitCode(), r.output());
        }
        return r;
    }

    /**
     * Starts a long-running program as a direct child of the JVM, in a new session (so it survives the agent),
     * stdin from /dev/null and stdout/stderr appended to {@code log}.
     */
    Process spawnDetached(List<String> argv, Map<String, String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.addAll(asPostgresUser(argv));
        ProcessBuilder pb = builder(cmd, env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    /** Sends a signal (TERM, INT, QUIT, HUP, KILL) to a process; returns false if it does not exist. */
    boolean signal(long pid, String signal) {
        if (pid <= 1) {
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        try {
            Process p = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("could not send SIG" + signal + " to " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives a path to the PostgreSQL user (no-op when not root). */
    void chown(Path path) {
        if (!root) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(runAs);
            GroupPrincipal grp = lookup.lookupPrincipalByGroupName(group);
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            view.setOwner(user);
            view.setGroup(grp);
        } catch (IOException e) {
            throw new UncheckedIOException("could not give " + path + " to OS user " + runAs, e);
        }
    }

    void chownRecursive(Path dir) {
        if (!root) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(this::chown);
        } catch (IOException e) {
            throw new UncheckedIOException("could not give " + dir + " to OS user " + runAs, e);
        }
    }

    private static ProcessBuilder builder(List<String> cmd, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.directory(new File("/"));
        pb.redirectInput(new File("/dev/null"));
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().putAll(env);
        return pb;
    }

    private static String tail(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int from = Math.max(0, all.length - MAX_OUTPUT);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8).strip();
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    private static long currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // fall through to the user name
        }
        return "root".equals(System.getProperty("user.name")) ? 0 : 1000;
    }

    private static String primaryGroupOf(String user) {
        try {
            Process p = new ProcessBuilder("id", "-g", "-n", user).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new PgBinariesMissing("OS user '" + user + "' to run PostgreSQL as does not exist: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not look up OS user " + user, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up OS user " + user, e);
        }
    }
}
