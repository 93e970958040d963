package io.steward.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Quarkus properties that follow from the Steward configuration (HTTP listener, TLS, log level). */
final class QuarkusSettings {

    private QuarkusSettings() {
    }

    /** @param p validated properties without the {@code steward.} prefix */
    static Map<String, String> derive(Map<String, String> p) {
        Map<String, String> out = new LinkedHashMap<>();
        HostPort listen = HostPort.parse(p.get("restapi.listen"));
        out.put("quarkus.http.host", listen.bindHost());
        if (p.containsKey("restapi.certfile")) {
            out.put("quarkus.http.ssl-port", String.valueOf(listen.port()));
            out.put("quarkus.http.ssl.certificate.files", p.get("restapi.certfile"));
            out.put("quarkus.http.ssl.certificate.key-files", p.get("restapi.keyfile"));
            out.put("quarkus.http.insecure-requests", "disabled");
        } else {
            out.put("quarkus.http.port", String.valueOf(listen.port()));
        }
        if (p.containsKey("log.level")) {
            out.put("quarkus.log.category.\"io.steward\".level", jbossLevel(p.get("log.level")));
        }
        return out;
    }

    /** Patroni (Python) level names to JBoss log levels. */
    static String jbossLevel(String level) {
        return switch (level.toUpperCase(Locale.ROOT)) {
            case "WARNING" -> "WARN";
            case "CRITICAL" -> "FATAL";
            default -> level.toUpperCase(Locale.ROOT);
        };
    }
}
