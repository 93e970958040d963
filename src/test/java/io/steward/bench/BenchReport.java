package io.steward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects benchmark results as rows of a Markdown table, with the conditions they were taken under, and writes them
 * to {@code target/bench/dcs-results.md} (printed by {@code bench/dcs.sh}) and to standard output.
 */
final class BenchReport {

    static final Path OUTPUT = Path.of("target", "bench", "dcs-results.md");

    private record Row(String measurement, String result) {
    }

    private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final String loadAtStart = loadAverage();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void row(String measurement, String result) {
        rows.add(new Row(measurement, result));
        System.out.println("[dcs-bench] " + measurement + ": " + result);
    }

    synchronized void note(String note) {
        notes.add(note);
        System.out.println("[dcs-bench] note: " + note);
    }

    /** Writes the table; call once at the end. */
    synchronized void write() {
        String text = render();
        System.out.println(text);
        try {
            Files.createDirectories(OUTPUT.getParent());
            Files.writeString(OUTPUT, text);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + OUTPUT, e);
        }
    }

    private String render() {
        StringBuilder b = new StringBuilder();
        b.append("Run ").append(startedAt).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, JDK ").append(System.getProperty("java.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append("), load average at start ").append(loadAtStart)
                .append(", at end ").append(loadAverage()).append(".\n\n");
        b.append("| Measurement | Result |\n|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.measurement()).append(" | ").append(r.result()).append(" |\n");
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            for (String n : notes) {
                b.append("- ").append(n).append('\n');
            }
        }
        return b.toString();
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown" off Linux. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
