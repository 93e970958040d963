package io.steward.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where the PostgreSQL programs are, and which major version they are. */
public record PgBinaries(Path binDir, int majorVersion) {
    static final List<String> REQUIRED = List.of("postgres", "pg_ctl", "initdb", "pg_basebackup", "pg_rewind",
            "pg_controldata");
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

    /**
     * Resolves the binaries: the configured directory if set, else {@code pg_config --bindir}, else the newest
     * {@code /usr/lib/postgresql/<n>/bin}.
     *
     * @throws PgBinariesMissing when no directory is found or a required program is missing
     */
    public static PgBinaries resolve(Path configured) {
        Path dir = configured != null ? configured
                : fromPgConfig().or(PgBinaries::newestInstalled).orElseThrow(() -> new PgBinariesMissing(
                        "no PostgreSQL binaries found: bin_dir is not set, pg_config is not on the PATH and "
                                + "/usr/lib/postgresql/*/bin does not exist"));
        List<String> missing = REQUIRED.stream().filter(b -> !Files.isExecutable(dir.resolve(b))).toList();
        if (!missing.isEmpty()) {
            throw new PgBinariesMissing("PostgreSQL binaries missing in " + dir + ": " + String.join(", ", missing)
                    + (configured != null ? " (check postgresql.bin_dir)" : ""));
        }
        return new PgBinaries(dir, versionOf(dir));
    }

    public String path(String program) {
        return binDir.resolve(program).toString();
    }

    private static int versionOf(Path dir) {
        String out = capture(List.of(dir.resolve("postgres").toString(), "--version")).orElse("");
        Matcher m = VERSION.matcher(out);
        if (!m.find()) {
            throw new PgBinariesMissing("cannot tell the version of " + dir.resolve("postgres") + ": '" + out + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    private static Optional<Path> fromPgConfig() {
        return capture(List.of("pg_config", "--bindir")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of)
                .filter(p -> Files.isExecutable(p.resolve("postgres")));
    }

    private static Optional<Path> newestInstalled() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("postgres")))
                    .max(Comparator.comparingDouble(p -> Double.parseDouble(p.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> capture(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
