package io.steward.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Start-up validation of a parsed configuration file (plain Java, no Quarkus). Unknown keys give warnings; a bad
 * value throws {@link InvalidConfigException} whose message is the single line to show the operator.
 */
public final class ConfigValidator {

    /** A valid configuration: canonical properties (paths without the {@code steward.} prefix) and warnings. */
    public record Result(Map<String, String> properties, List<String> warnings) {
    }

    private ConfigValidator() {
    }

    /**
     * Validates a YAML tree.
     *
     * @return warnings (unknown keys, questionable but usable settings), empty when all is well
     * @throws InvalidConfigException at the first invalid value, naming the key and the rule
     */
    public static List<String> validate(Map<?, ?> tree) {
        return check(tree).warnings();
    }

    /** Validates a YAML tree and returns its canonical flattened form too. */
    public static Result check(Map<?, ?> tree) {
        Objects.requireNonNull(tree, "tree");
        SchemaWalker.Result walked = SchemaWalker.walk(tree);
        Map<String, String> p = new LinkedHashMap<>(walked.properties());
        List<String> warnings = new ArrayList<>(walked.warnings());
        checkTimings(p);
        checkPair(p, "restapi.authentication.username", "restapi.authentication.password");
        checkPair(p, "restapi.certfile", "restapi.keyfile");
        checkAllOrNone(p, "raft.certfile", "raft.keyfile", "raft.cafile");
        checkDistinctPorts(p);
        dropSelfFromPartners(p, warnings);
        return new Result(Map.copyOf(p), List.copyOf(warnings));
    }

    private static void checkTimings(Map<String, String> p) {
        long ttl = number(p, "bootstrap.dcs.ttl", Defaults.TTL);
        long loopWait = number(p, "bootstrap.dcs.loop_wait", Defaults.LOOP_WAIT);
        long retryTimeout = number(p, "bootstrap.dcs.retry_timeout", Defaults.RETRY_TIMEOUT);
        long needed = loopWait + 2 * retryTimeout;
        if (ttl < needed) {
            throw new InvalidConfigException("bootstrap.dcs.ttl", "bootstrap.dcs.ttl=" + ttl
                    + " must be >= loop_wait + 2*retry_timeout (" + needed + ")");
        }
    }

    private static long number(Map<String, String> p, String key, String fallback) {
        return Long.parseLong(p.getOrDefault(key, fallback));
    }

    /** Both keys set or neither: a user without password (or a certificate without key) is a mistake. */
    private static void checkPair(Map<String, String> p, String first, String second) {
        if (p.containsKey(first) && !p.containsKey(second)) {
            throw new InvalidConfigException(second, second + " is required when " + first + " is set");
        }
        if (p.containsKey(second) && !p.containsKey(first)) {
            throw new InvalidConfigException(first, first + " is required when " + second + " is set");
        }
    }

    /** All of the keys set or none: Raft mutual TLS needs a certificate, its key and the CA together. */
    private static void checkAllOrNone(Map<String, String> p, String... keys) {
        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            (p.containsKey(key) ? present : missing).add(key);
        }
        if (!present.isEmpty() && !missing.isEmpty()) {
            throw new InvalidConfigException(missing.get(0), String.join(" and ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " required when " + String.join(" and ", present)
                    + (present.size() == 1 ? " is" : " are") + " set");
        }
    }

    /** The REST API, Raft and PostgreSQL listeners of one node cannot share a port on the same interface. */
    private static void checkDistinctPorts(Map<String, String> p) {
        List<String> keys = List.of("restapi.listen", "raft.bind_addr", "raft.self_addr", "postgresql.listen");
        List<String> present = new ArrayList<>();
        for (String key : keys) {
            if (p.containsKey(key) && !(key.equals("raft.self_addr") && p.containsKey("raft.bind_addr"))) {
                present.add(key);
            }
        }
        for (int i = 0; i < present.size(); i++) {
            for (int j = 0; j < i; j++) {
                checkNoClash(p, present.get(j), present.get(i));
            }
        }
    }

    private static void checkNoClash(Map<String, String> p, String earlier, String later) {
        HostPort a = HostPort.parse(p.get(earlier));
        HostPort b = HostPort.parse(p.get(later));
        boolean sameInterface = a.isWildcard() || b.isWildcard() || a.host().equals(b.host());
        if (a.port() == b.port() && sameInterface) {
            throw new InvalidConfigException(later, later + "=" + b + " must not use the same port as "
                    + earlier + " (" + a + ")");
        }
    }

    /** Patroni lists only the other peers; a listed self address is dropped with a warning. */
    private static void dropSelfFromPartners(Map<String, String> p, List<String> warnings) {
        String self = p.get("raft.self_addr");
        List<String> partners = new ArrayList<>();
        for (int i = 0; p.containsKey(partnerKey(i)); i++) {
            String partner = p.remove(partnerKey(i));
            if (partner.equals(self)) {
                warnings.add(partnerKey(i) + "=" + self + " is this node's raft.self_addr;"
                        + " list only the other peers (the entry is ignored)");
            } else {
                partners.add(partner);
            }
        }
        for (int i = 0; i < partners.size(); i++) {
            p.put(partnerKey(i), partners.get(i));
        }
    }

    private static String partnerKey(int i) {
        return "raft.partner_addrs[" + i + "]";
    }
}
