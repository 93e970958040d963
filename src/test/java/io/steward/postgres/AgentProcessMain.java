package io.steward.postgres;

import java.nio.file.Path;
import java.time.Duration;

/** Stands in for an agent JVM in a test: starts PostgreSQL for the given data directory, then exits. */
public final class AgentProcessMain {
    private AgentProcessMain() {
    }

    /** Arguments: name, data directory, port, log directory. */
    public static void main(String[] args) {
        PgSettings s = PgSettings.of(args[0], Path.of(args[1]), Integer.parseInt(args[2]), PgTestCluster.SUPERUSER,
                PgTestCluster.REPLICATION);
        PgSettings withLog = new PgSettings(s.name(), s.dataDir(), null, null, s.listenHost(), s.port(), null,
                s.superuser(), s.replication(), PgTestCluster.LIGHT, null, null, null, false, null, Path.of(args[3]));
        StartResult r = new PostgresInstance(withLog).start(Duration.ofSeconds(60));
        System.out.println("started " + r.state() + " pid " + r.pid());
        System.exit(r.state() == io.steward.model.PgState.RUNNING ? 0 : 2);
    }
}
