package io.steward.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** File-level failures, host:port parsing and Patroni-style durations. */
class ConfigFileReaderTest {

    @TempDir
    Path dir;

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.yml");
        assertEquals("invalid configuration: cannot read " + file + ": no such file", failure(file));
    }

    @Test
    void syntaxErrorNamesTheLine() throws IOException {
        Path file = write("scope: a\nname: [unclosed\n");
        String message = failure(file);
        assertEquals(true, message.startsWith("invalid configuration: cannot parse " + file + " at line "), message);
        assertEquals(1, message.lines().count());
    }

    @Test
    void duplicateKeysAreRejected() throws IOException {
        Path file = write("scope: a\nscope: b\n");
        assertEquals(true, failure(file).contains("duplicate key scope"), failure(file));
    }

    @Test
    void emptyAndNonMappingFiles() throws IOException {
        Path empty = write("");
        assertEquals("invalid configuration: " + empty + " is empty", failure(empty));
        Path list = write("- a\n- b\n");
        assertEquals("invalid configuration: " + list + " must be a YAML mapping (key: value) at the top",
                failure(list));
    }

    @Test
    void hostPortParsing() {
        assertEquals(new HostPort("::1", 5432), HostPort.parse("[::1]:5432"));
        assertEquals("[::1]:5432", HostPort.parse("[::1]:5432").toString());
        assertEquals("0.0.0.0", HostPort.parse(":8008").bindHost());
        assertEquals("0.0.0.0", HostPort.parse("*:8008").bindHost());
        assertEquals("db.example.com", HostPort.parse(" db.example.com:5432 ").host());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("db"));
        assertEquals("expected host:port, got 'db' (no port)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("db:0"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("[::1:5432"));
    }

    @Test
    void durationsAreSecondsUnlessAUnitIsGiven() {
        SecondsConverter c = new SecondsConverter();
        assertEquals(Duration.ofSeconds(30), c.convert("30"));
        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofMinutes(5), c.convert("5m"));
        assertEquals(Duration.ofSeconds(45), c.convert("PT45S"));
        assertThrows(IllegalArgumentException.class, () -> c.convert("soon"));
    }

    private String failure(Path file) {
        return assertThrows(InvalidConfigException.class, () -> ConfigFileReader.read(file)).getMessage();
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "cfg", ".yml");
        Files.writeString(file, text);
        return file;
    }
}
