package io.steward.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * stewardctl: the operator's command line. A plain main (no Quarkus boot) that talks gRPC to the agents.
 * Exit codes: 0 success, 1 the cluster refused the request (one line on stderr: the server's message),
 * 2 usage error or cluster unreachable.
 */
public final class Stewardctl {

    static final String USAGE = """
            usage: stewardctl [-c CONFIG.yml] [--endpoint HOST:PORT]... [--tls] [--cacert FILE] [--insecure]
                              COMMAND [OPTIONS]

            Commands:
              list [-f pretty|json]                    members, roles, states, timelines, lag
              pause [--wait] [--timeout S]             enter maintenance mode
              resume [--wait] [--timeout S]            leave maintenance mode
              switchover [--leader X] [--candidate Y] [--scheduled T] [--force] [--timeout S]
              failover --candidate Y [--force] [--timeout S]
              restart [MEMBER...] [--role primary|replica|any] [--pending] [--scheduled T] [--force]
              reinit MEMBER [--from-leader] [--wait] [--force]
              reload [MEMBER...]                       reload PostgreSQL's configuration
              show-config                              the dynamic configuration (YAML)
              edit-config [-s key.path=VALUE]... [-p pg_param=VALUE]... [--apply FILE|-] [--force]
              history                                  timeline history
              flush [MEMBER...] restart | flush switchover   cancel scheduled restarts or the switchover
              version

            The endpoint comes from CONFIG's restapi.listen / restapi.connect_address (gRPC shares that port) or
            from --endpoint (repeatable). Credentials come from restapi.token or restapi.authentication.
            TLS is used when CONFIG has restapi.certfile or a ctl section (ctl.cacert, ctl.certfile, ctl.keyfile,
            ctl.insecure; else restapi.cafile is the CA), or with --tls (the JVM's trusted CAs), --cacert FILE or
            --insecure (no verification of the agent's certificate).
            stewardctl never asks for confirmation: commands proceed as if --force was given.
            Exit codes: 0 success, 1 refused by the cluster, 2 usage error or cluster unreachable.
            """;

    /** Held so the quieter level stays in force (JUL keeps loggers weakly). */
    private static Logger rootLog;

    private Stewardctl() {
    }

    public static void main(String[] args) {
        quietLibraryLogging();
        int code = run(args, System.out, System.err, System.in);
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] argv, PrintStream out, PrintStream err, InputStream in) {
        try {
            CliArgs args = CliArgs.parse(argv);
            if (args.flag("--help") || args.command() == null || args.command().equals("help")) {
                out.print(USAGE);
                return args.command() == null && !args.flag("--help") ? 2 : 0;
            }
            if (args.command().equals("version")) {
                out.println("stewardctl version " + version());
                return 0;
            }
            try (ControlClient client = connect(args)) {
                new Commands(client, args, out, in).run(args.command());
            }
            return 0;
        } catch (RefusedException e) {
            err.println(e.getMessage());
            return 1;
        } catch (UsageException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static ControlClient connect(CliArgs args) {
        List<String> endpoints = new ArrayList<>();
        for (String e : args.all("--endpoint")) {
            endpoints.add(CliConfig.connectable(e));
        }
        String authorization = null;
        CliTls tls = CliTls.PLAINTEXT;
        String configFile = args.option("--config");
        if (configFile != null) {
            CliConfig config = CliConfig.load(Path.of(configFile));
            config.endpoints().stream().filter(e -> !endpoints.contains(e)).forEach(endpoints::add);
            authorization = config.authorization();
            tls = config.tls();
        }
        tls = tls.withOverrides(args.option("--cacert"), args.flag("--insecure"), args.flag("--tls"));
        return new ControlClient(endpoints, authorization, tls.credentials());
    }

    /**
     * The application's class path carries JBoss LogManager (lib/boot), which insists on being the JUL manager; make
     * it so before anything logs, and keep libraries' INFO chatter off the terminal: stderr is for the one-line
     * answer.
     */
    private static void quietLibraryLogging() {
        if (System.getProperty("java.util.logging.manager") == null && Stewardctl.class.getClassLoader()
                .getResource("org/jboss/logmanager/LogManager.class") != null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        rootLog = Logger.getLogger("");
        rootLog.setLevel(Level.WARNING);
    }

    static String version() {
        String v = Stewardctl.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
