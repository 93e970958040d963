package io.steward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliArgsTest {

    @Test
    void optionsMayComeAnywhereAndAliasesAreNormalized() {
        CliArgs a = CliArgs.parse(new String[] {"-c", "/etc/steward.yml", "restart", "node1", "--primary", "n1",
                "node2", "--pending", "--role=replica", "--endpoint", "h1:1", "--endpoint", "h2:2"});
        assertEquals("restart", a.command());
        assertEquals(List.of("node1", "node2"), a.positionals());
        assertEquals("/etc/steward.yml", a.option("--config"));
        assertEquals("n1", a.option("--leader"));
        assertEquals("replica", a.option("--role"));
        assertEquals(List.of("h1:1", "h2:2"), a.all("--endpoint"));
        assertTrue(a.flag("--pending"));
    }

    @Test
    void repeatableSetAndPgOptions() {
        CliArgs a = CliArgs.parse(new String[] {"edit-config", "-s", "ttl=40", "-s", "loop_wait=5", "-p",
                "work_mem=8MB"});
        assertEquals(List.of("ttl=40", "loop_wait=5"), a.all("--set"));
        assertEquals(List.of("work_mem=8MB"), a.all("--pg"));
    }

    @ParameterizedTest
    @CsvSource({
            "list --bogus, Unknown option --bogus",
            "switchover --candidate, Option --candidate needs a value",
            "list --format json --format pretty, Option --format given more than once",
            "pause --timeout soon, --timeout needs a number of seconds"
    })
    void usageErrors(String line, String message) {
        UsageException e = assertThrows(UsageException.class, () -> {
            CliArgs a = CliArgs.parse(line.split(" "));
            a.option("--format");
            a.timeoutSeconds();
        });
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void timeoutAcceptsASecondsSuffix() {
        assertEquals(30, CliArgs.parse(new String[] {"pause", "--timeout", "30s"}).timeoutSeconds());
        assertEquals(0, CliArgs.parse(new String[] {"pause"}).timeoutSeconds());
    }
}
