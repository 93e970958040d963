package io.steward.agent;

import io.steward.config.HostPort;
import io.steward.config.StewardConfig;
import io.steward.dcs.ratis.RaftTls;
import io.steward.dcs.ratis.RatisSettings;
import io.steward.ha.HaSettings;
import io.steward.loop.NodeIdentity;
import io.steward.model.Tags;
import io.steward.postgres.PgCredentials;
import io.steward.postgres.PgSettings;
import io.steward.postgres.ReplicaMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps the agent's configuration onto the settings of each part (DCS peer, PostgreSQL, HA loop). */
final class AgentSettings {

    private AgentSettings() {
    }

    static RatisSettings raft(StewardConfig c) {
        List<String> partners = c.raft().partners().stream().map(HostPort::toString).toList();
        RatisSettings s = RatisSettings.of(c.raft().selfAddr().toString(), partners, Path.of(c.raft().dataDir()),
                c.scope(), c.bootstrap().dcs().retryTimeout());
        return s.withTls(raftTls(c.raft()));
    }

    /** Mutual TLS for Raft when raft.certfile is set (the validator guarantees keyfile and cafile then); else null. */
    static RaftTls raftTls(StewardConfig.Raft r) {
        return r.certfile().map(cert -> new RaftTls(Path.of(cert), Path.of(r.keyfile().orElseThrow()),
                Path.of(r.cafile().orElseThrow()))).orElse(null);
    }

    static NodeIdentity identity(StewardConfig c) {
        HostPort api = c.restapi().advertisedAddress();
        String scheme = c.restapi().tls() ? "https" : "http";
        String connUrl = c.postgresql().map(p -> "postgres://" + p.advertisedAddress() + "/postgres").orElse(null);
        return new NodeIdentity(c.name(), c.scope(), tags(c), connUrl, scheme + "://" + api);
    }

    static Tags tags(StewardConfig c) {
        return Tags.fromMap(new HashMap<>(c.tags()));
    }

    static HaSettings ha(StewardConfig c) {
        StewardConfig.Dcs d = c.bootstrap().dcs();
        boolean rewind = c.postgresql().flatMap(StewardConfig.Postgresql::usePgRewind)
                .or(() -> d.postgresql().usePgRewind()).orElse(true);
        boolean wipe = c.postgresql().map(StewardConfig.Postgresql::removeDataDirectoryWhenRewindFails).orElse(false);
        return new HaSettings(c.name(), d.ttl(), d.loopWait(), d.retryTimeout(), d.maximumLagOnFailover(),
                d.primaryStartTimeout(), d.slotsEnabled(), wipe, rewind);
    }

    /** The {@code config} document written once at bootstrap, from {@code bootstrap.dcs}. */
    static Map<String, Object> bootstrapDocument(StewardConfig c) {
        StewardConfig.Dcs d = c.bootstrap().dcs();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ttl", d.ttl().toSeconds());
        doc.put("loop_wait", d.loopWait().toSeconds());
        doc.put("retry_timeout", d.retryTimeout().toSeconds());
        doc.put("maximum_lag_on_failover", d.maximumLagOnFailover());
        doc.put("primary_start_timeout", d.primaryStartTimeout().toSeconds());
        doc.put("use_slots", d.slotsEnabled());
        Map<String, Object> pg = new LinkedHashMap<>();
        pg.put("parameters", new LinkedHashMap<>(d.postgresql().parameters()));
        d.postgresql().usePgRewind().ifPresent(v -> pg.put("use_pg_rewind", v));
        doc.put("postgresql", pg);
        if (d.pause()) {
            doc.put("pause", true);
        }
        return doc;
    }

    static PgSettings postgres(StewardConfig c) {
        StewardConfig.Postgresql p = c.postgresql().orElseThrow();
        StewardConfig.PgAuthentication auth = p.authentication();
        Map<String, String> params = new LinkedHashMap<>(c.bootstrap().dcs().postgresql().parameters());
        params.putAll(p.parameters());
        List<String> hba = p.pgHba().or(() -> c.bootstrap().dcs().postgresql().pgHba()).orElse(List.of());
        List<ReplicaMethod> methods = p.createReplicaMethods().orElse(List.of()).stream()
                .map(AgentSettings::replicaMethod).toList();
        return new PgSettings(c.name(), Path.of(p.dataDir()), p.binDir().map(Path::of).orElse(null), p.osUser(),
                p.listen().host(), p.listen().port(), p.advertisedAddress().toString(),
                new PgCredentials(auth.superuserName(), auth.superuserPassword().orElse(null)),
                new PgCredentials(auth.replicationName(), auth.replicationPassword().orElse(null)),
                params, hba, c.bootstrap().initdbArguments(), methods, p.removeDataDirectoryWhenRewindFails(),
                postBootstrapSql(c), null);
    }

    /** "basebackup" is built in; any other entry is a shell command with placeholders ({data_dir}, {conn_url}...). */
    static ReplicaMethod replicaMethod(String entry) {
        String e = entry.trim();
        return ReplicaMethod.BASEBACKUP.equals(e) ? ReplicaMethod.basebackup() : new ReplicaMethod("custom", e);
    }

    private static String postBootstrapSql(StewardConfig c) {
        return c.bootstrap().postBootstrap().map(path -> {
            try {
                return Files.readString(Path.of(path));
            } catch (IOException e) {
                throw new IllegalStateException("bootstrap.post_bootstrap: cannot read " + path + ": "
                        + e.getMessage(), e);
            }
        }).orElse(null);
    }
}
