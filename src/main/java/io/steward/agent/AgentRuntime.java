package io.steward.agent;

import io.quarkus.arc.profile.UnlessBuildProfile;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.steward.config.StewardConfig;
import io.steward.control.LocalNode;
import io.steward.dcs.Dcs;
import io.steward.dcs.KvDcs;
import io.steward.dcs.ratis.RatisKvStore;
import io.steward.loop.HaLoop;
import io.steward.postgres.PostgresInstance;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Assembles one agent from its configuration: the embedded Raft peer (the DCS), the PostgreSQL controller and the
 * HA loop, in that order, and takes them down in reverse on shutdown. The control plane gets the DCS and this node
 * through the producers. Not built in the test profile: {@code @QuarkusTest}s supply their own DCS and node.
 */
@Singleton
@UnlessBuildProfile("test")
public class AgentRuntime {

    private static final Logger LOG = Logger.getLogger(AgentRuntime.class);

    private final StewardConfig config;
    private RatisKvStore store;
    private KvDcs dcs;
    private HaLoop loop;
    private LocalNode node;

    public AgentRuntime(StewardConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        ensureStarted();
        if (loop != null) {
            loop.start();
        }
        LOG.infof("Steward agent %s of cluster %s started (%s)", config.name(), config.scope(),
                config.witness() ? "DCS witness" : "PostgreSQL at " + config.postgresql().orElseThrow().listen());
    }

    /** Starts the DCS peer and builds the node; idempotent, so an early API call cannot see a half-built agent. */
    synchronized void ensureStarted() {
        if (dcs != null) {
            return;
        }
        try {
            store = RatisKvStore.start(AgentSettings.raft(config));
        } catch (Exception e) {
            LOG.errorf("cannot start the DCS peer at %s: %s", config.raft().selfAddr(), e.getMessage());
            Quarkus.asyncExit(3);
            throw new IllegalStateException("DCS peer failed to start: " + e.getMessage(), e);
        }
        dcs = new KvDcs(store, config.namespace(), config.scope());
        if (config.witness()) {
            node = new WitnessNode(config.name(), config.scope());
            return;
        }
        PostgresInstance pg = new PostgresInstance(AgentSettings.postgres(config));
        loop = new HaLoop(AgentSettings.identity(config), dcs, pg, AgentSettings.ha(config),
                AgentSettings.bootstrapDocument(config), config.postgresql().orElseThrow().callbacks(),
                config.postgresql().orElseThrow().parameters(), Clock.systemUTC());
        node = loop;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.shutdown();
            loop.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Produces
    @Singleton
    Dcs dcs() {
        ensureStarted();
        return dcs;
    }

    @Produces
    @Singleton
    LocalNode localNode() {
        ensureStarted();
        return node;
    }
}
