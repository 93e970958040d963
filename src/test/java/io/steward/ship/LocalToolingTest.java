package io.steward.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shell tooling agrees with itself: the launchers parse, and the HAProxy example points at the ports that
 * {@code bin/local-cluster} gives its members.
 */
class LocalToolingTest {

    private static final Pattern SERVER = Pattern.compile(
            "^\\s*server\\s+(\\S+)\\s+127\\.0\\.0\\.1:(\\d+)\\s+check\\s+port\\s+(\\d+)", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"bin/_lib.sh", "bin/steward", "bin/stewardctl", "bin/local-cluster", "bench/run.sh"})
    void shellScriptsParse(String script) throws Exception {
        Process bash = new ProcessBuilder("bash", "-n", script).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash -n did not finish for " + script);
        assertEquals(0, bash.exitValue(), script + " has a syntax error: " + output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bin/steward", "bin/stewardctl", "bin/local-cluster", "bench/run.sh"})
    void launchersAreExecutable(String script) {
        assertTrue(Files.isExecutable(Path.of(script)), script + " must be executable (git update-index --chmod=+x)");
    }

    @Test
    void haproxyChecksTheRestPortOfTheSameMemberItRoutesTo() throws IOException {
        String config = Files.readString(Path.of("haproxy/haproxy.cfg"));
        int restBase = defaultOf("STEWARD_REST_BASE");
        int pgBase = defaultOf("STEWARD_PG_BASE");
        List<String> sections = sections(config);
        assertEquals(2, sections.size(), "a write and a read section");
        for (String section : sections) {
            Matcher server = SERVER.matcher(section);
            int members = 0;
            while (server.find()) {
                int member = Integer.parseInt(server.group(1).replace("node", ""));
                String name = server.group(1);
                assertEquals(pgBase + member - 1, Integer.parseInt(server.group(2)), "PostgreSQL port of " + name);
                assertEquals(restBase + member - 1, Integer.parseInt(server.group(3)), "REST port of " + name);
                members++;
            }
            assertEquals(3, members, "three members in\n" + section);
        }
        assertTrue(sections.get(0).contains("option httpchk GET /primary"), "writes follow /primary");
        assertTrue(sections.get(1).contains("option httpchk GET /replica"), "reads follow /replica");
    }

    private static List<String> sections(String config) {
        List<String> sections = new ArrayList<>();
        for (String name : List.of("listen steward-write", "listen steward-read")) {
            int start = config.indexOf(name);
            assertTrue(start >= 0, "haproxy.cfg lacks '" + name + "'");
            int end = config.indexOf("\nlisten ", start + 1);
            sections.add(config.substring(start, end < 0 ? config.length() : end));
        }
        return sections;
    }

    private static int defaultOf(String variable) throws IOException {
        Matcher matcher = Pattern.compile("\\$\\{" + variable + ":-(\\d+)}")
                .matcher(Files.readString(Path.of("bin/local-cluster")));
        assertTrue(matcher.find(), "bin/local-cluster has no default for " + variable);
        return Integer.parseInt(matcher.group(1));
    }
}
