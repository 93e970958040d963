package io.steward.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line: one command word, its positional arguments, options with values (repeatable) and flags.
 * Options may appear anywhere; short aliases are normalized to their long names ({@code -c} to {@code --config}).
 *
 * @param command     the command word, or null when none was given
 * @param positionals the words after the command that are not options
 */
record CliArgs(String command, List<String> positionals, Map<String, List<String>> options, Set<String> flags) {

    static final Set<String> VALUE_OPTIONS = Set.of("--config", "--endpoint", "--format", "--leader", "--candidate",
            "--scheduled", "--role", "--set", "--pg", "--apply", "--timeout", "--cacert");
    static final Set<String> FLAG_OPTIONS = Set.of("--wait", "--force", "--pending", "--from-leader", "--help",
            "--tls", "--insecure");
    private static final Map<String, String> ALIASES = Map.of("-c", "--config", "-f", "--format", "-s", "--set",
            "-p", "--pg", "--primary", "--leader", "-h", "--help", "--master", "--leader");

    static CliArgs parse(String[] args) {
        String command = null;
        List<String> positionals = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        Set<String> flags = new java.util.LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("-") && arg.length() > 1) {
                i = readOption(args, i, options, flags);
            } else if (command == null) {
                command = arg;
            } else {
                positionals.add(arg);
            }
        }
        return new CliArgs(command, List.copyOf(positionals), options, Set.copyOf(flags));
    }

    private static int readOption(String[] args, int i, Map<String, List<String>> options, Set<String> flags) {
        String arg = args[i];
        String inlineValue = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
            inlineValue = arg.substring(eq + 1);
            arg = arg.substring(0, eq);
        }
        String name = ALIASES.getOrDefault(arg, arg);
        if (FLAG_OPTIONS.contains(name) && inlineValue == null) {
            flags.add(name);
            return i;
        }
        if (!VALUE_OPTIONS.contains(name)) {
            throw new UsageException("Unknown option " + arg);
        }
        if (inlineValue == null) {
            if (i + 1 >= args.length) {
                throw new UsageException("Option " + arg + " needs a value");
            }
            inlineValue = args[++i];
        }
        options.computeIfAbsent(name, k -> new ArrayList<>()).add(inlineValue);
        return i;
    }

    /** The single value of an option, or null; a repeated single-valued option is a usage error. */
    String option(String name) {
        List<String> values = options.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new UsageException("Option " + name + " given more than once");
        }
        return values.get(0);
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** The non-negative integer value of --timeout in seconds, or 0 for the server's default. */
    int timeoutSeconds() {
        String t = option("--timeout");
        if (t == null) {
            return 0;
        }
        try {
            int v = Integer.parseInt(t.endsWith("s") ? t.substring(0, t.length() - 1) : t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("--timeout needs a number of seconds, got " + t);
        }
    }
}
