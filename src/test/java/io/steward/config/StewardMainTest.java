package io.steward.config;

import io.steward.agent.StewardMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's argument handling, in-process and as a real `java` sub-process. */
class StewardMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void validateGoodFile() throws IOException {
        StewardMain.Launch launch = prepare(Map.of(), "--validate", write("good.yml", ConfigValidatorTest.BASE));
        assertEquals(StewardMain.EXIT_OK, launch.exitCode());
        assertEquals("configuration OK\n", text(out));
        assertEquals("", text(err));
    }

    @Test
    void validateBadFilePrintsOneLineAndExits2() throws IOException {
        Path bad = write("bad.yml", ConfigValidatorTest.BASE.replace("ttl: 30", "ttl: 20"));
        StewardMain.Launch launch = prepare(Map.of(), "--validate", bad);
        assertEquals(StewardMain.EXIT_INVALID_CONFIG, launch.exitCode());
        assertEquals("invalid configuration: bootstrap.dcs.ttl=20 must be >= loop_wait + 2*retry_timeout (30)\n",
                text(err));
        assertEquals("", text(out));
    }

    @Test
    void documentedExampleIsValidWithoutWarnings() {
        StewardMain.Launch launch = prepare(Map.of(), "--validate", Path.of("examples/node1.yml"));
        assertEquals(StewardMain.EXIT_OK, launch.exitCode(), text(err));
        assertEquals("", text(err));
        StewardConfig c = StewardConfigFile.load(Path.of("examples/node1.yml"), Map.of()).config();
        assertEquals(List.of("--encoding=UTF8", "--locale=C.UTF-8", "--data-checksums"),
                c.bootstrap().initdbArguments());
        assertEquals(2, c.raft().partners().size());
        assertEquals("postgres", c.postgresql().orElseThrow().authentication().superuserName());
    }

    @Test
    void warningsArePrintedButTheFileIsAccepted() throws IOException {
        Path file = write("warn.yml", ConfigValidatorTest.BASE + "etcd: {host: 127.0.0.1:2379}\n");
        StewardMain.Launch launch = prepare(Map.of(), "--validate", file);
        assertEquals(StewardMain.EXIT_OK, launch.exitCode());
        assertTrue(text(err).startsWith("warning: unknown configuration key 'etcd' ignored"), text(err));
    }

    @Test
    void runModeReturnsTheFileToStart() throws IOException {
        Path file = write("good.yml", ConfigValidatorTest.BASE);
        StewardMain.Launch launch = prepare(Map.of(), file.toString());
        assertNull(launch.exitCode());
        assertEquals(file, launch.configFile());
    }

    @Test
    void fileFromEnvironmentAndUsage() throws IOException {
        Path file = write("env.yml", ConfigValidatorTest.BASE);
        assertNull(prepare(Map.of("STEWARD_CONFIG", file.toString())).exitCode());
        assertEquals(StewardMain.EXIT_INVALID_CONFIG, prepare(Map.of()).exitCode());
        assertTrue(text(err).startsWith("usage: steward"), text(err));
    }

    @Test
    void subprocessValidateExitsWithCode2AndOneLine() throws Exception {
        Path bad = write("bad.yml", ConfigValidatorTest.BASE.replace("listen: 127.0.0.1:5432", "listen: nowhere"));
        Result r = runJava(Map.of(), "--validate", bad.toString());
        assertEquals(2, r.exitCode());
        assertEquals(List.of("invalid configuration: postgresql.listen=nowhere must be host:port such as "
                + "127.0.0.1:5432 (no port)"), r.stderr().lines().toList());
        assertEquals("", r.stdout());
    }

    @Test
    void subprocessHonoursEnvironmentOverrides() throws Exception {
        Path good = write("good.yml", ConfigValidatorTest.BASE);
        assertEquals(0, runJava(Map.of(), "--validate", good.toString()).exitCode());
        Result r = runJava(Map.of("STEWARD_RESTAPI_LISTEN", "8008"), "--validate", good.toString());
        assertEquals(2, r.exitCode());
        assertEquals("invalid configuration: restapi.listen=8008 must be host:port such as 127.0.0.1:5432 "
                + "(no port)\n", r.stderr());
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Result runJava(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StewardMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("STEWARD_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("StewardMain did not exit within 60 s");
            }
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")),
                Files.readString(dir.resolve("err.txt")));
    }

    private StewardMain.Launch prepare(Map<String, String> env, Object... args) {
        String[] a = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        return StewardMain.prepare(a, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }
}
