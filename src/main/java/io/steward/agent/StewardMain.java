package io.steward.agent;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.steward.config.InvalidConfigException;
import io.steward.config.StewardConfigFile;
import io.steward.config.StewardConfigSource;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent launcher: {@code steward <config.yml>} (or env {@code STEWARD_CONFIG}) validates the file, then runs the
 * Quarkus application until it is stopped; {@code steward --validate <config.yml>} only validates. An invalid file
 * prints one line to stderr and exits with {@value #EXIT_INVALID_CONFIG}.
 */
@QuarkusMain
public final class StewardMain {

    public static final int EXIT_OK = 0;
    public static final int EXIT_INVALID_CONFIG = 2;
    static final String USAGE = "usage: steward [--validate] <config.yml>   (or set STEWARD_CONFIG)";

    private StewardMain() {
    }

    public static void main(String... args) {
        Launch launch = prepare(args, System.getenv(), System.out, System.err);
        if (!launch.startAgent()) {
            System.exit(launch.exitCode());
        }
        System.setProperty(StewardConfigSource.FILE_PROPERTY, launch.configFile().toAbsolutePath().toString());
        Quarkus.run(Agent.class, args);
    }

    /**
     * What to do: exit with {@code exitCode}, or (when it is null) run the agent with {@code configFile}.
     */
    public record Launch(Integer exitCode, Path configFile) {
        public boolean startAgent() {
            return exitCode == null;
        }
    }

    /** Parses the arguments and validates the file; prints warnings, errors and the --validate verdict. */
    public static Launch prepare(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        boolean validateOnly = args.length > 0 && args[0].equals("--validate");
        List<String> rest = List.of(args).subList(validateOnly ? 1 : 0, args.length);
        String file = !rest.isEmpty() ? rest.get(0) : env.get(StewardConfigSource.FILE_ENV);
        if (rest.size() > 1 || file == null || file.isBlank() || file.startsWith("-")) {
            err.println(USAGE);
            return new Launch(EXIT_INVALID_CONFIG, null);
        }
        Path path = Path.of(file);
        try {
            StewardConfigFile.check(path, env).warnings().forEach(w -> err.println("warning: " + w));
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            return new Launch(EXIT_INVALID_CONFIG, path);
        }
        if (validateOnly) {
            out.println("configuration OK");
            return new Launch(EXIT_OK, path);
        }
        return new Launch(null, path);
    }

    /** The running agent: the beans start with Quarkus; this waits until shutdown is requested. */
    public static final class Agent implements QuarkusApplication {
        @Override
        public int run(String... args) {
            Quarkus.waitForExit();
            return EXIT_OK;
        }
    }
}
