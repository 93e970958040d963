package io.steward.cli;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The few settings stewardctl reads from an agent's YAML file: where the agent's API listens
 * ({@code restapi.listen}, {@code restapi.connect_address}), its credentials ({@code restapi.authentication},
 * {@code restapi.token}), whether it serves TLS ({@code restapi.certfile}, {@code restapi.cafile} and Patroni's
 * {@code ctl} section) and the cluster's {@code scope}. Deliberately tiny; the agent owns the full config model.
 *
 * @param endpoints     host:port of the agent's API, the local listen address first
 * @param authorization the Authorization metadata to send, or null
 * @param tls           how to secure the connection
 */
record CliConfig(String scope, List<String> endpoints, String authorization, CliTls tls) {

    static CliConfig load(Path file) {
        Map<?, ?> root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            root = doc instanceof Map<?, ?> m ? m : Map.of();
        } catch (IOException e) {
            throw new UsageException("Cannot read configuration file " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new UsageException("Invalid YAML in " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<?, ?> restapi = section(root, "restapi");
        List<String> endpoints = new ArrayList<>();
        addEndpoint(endpoints, restapi.get("listen"));
        addEndpoint(endpoints, restapi.get("connect_address"));
        return new CliConfig(string(root.get("scope")), List.copyOf(endpoints), authorization(restapi),
                tls(restapi, section(root, "ctl"), file.toAbsolutePath().getParent()));
    }

    /**
     * TLS when the agent serves HTTPS ({@code restapi.certfile}) or the {@code ctl} section asks for it. The CA is
     * {@code ctl.cacert}, else {@code restapi.cafile}; relative paths are relative to the configuration file.
     */
    private static CliTls tls(Map<?, ?> restapi, Map<?, ?> ctl, Path base) {
        String ca = string(ctl.get("cacert")) != null ? string(ctl.get("cacert")) : string(restapi.get("cafile"));
        boolean insecure = Boolean.parseBoolean(String.valueOf(ctl.get("insecure")));
        String cert = string(ctl.get("certfile"));
        String key = string(ctl.get("keyfile"));
        boolean enabled = string(restapi.get("certfile")) != null || string(ctl.get("cacert")) != null || insecure
                || cert != null;
        if (!enabled) {
            return CliTls.PLAINTEXT;
        }
        return new CliTls(true, resolve(base, ca), resolve(base, cert), resolve(base, key), insecure);
    }

    private static Path resolve(Path base, String file) {
        if (file == null) {
            return null;
        }
        Path p = Path.of(file);
        return p.isAbsolute() || base == null ? p : base.resolve(p);
    }

    private static String authorization(Map<?, ?> restapi) {
        String token = string(restapi.get("token"));
        if (token != null) {
            return "Bearer " + token;
        }
        Map<?, ?> auth = section(restapi, "authentication");
        String user = string(auth.get("username"));
        String password = string(auth.get("password"));
        if (user == null || password == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A listen address of 0.0.0.0, :: or an empty host means "this machine": connect to 127.0.0.1. */
    static String connectable(String address) {
        String a = address.trim();
        int colon = a.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageException("Address " + address + " has no port (expected host:port)");
        }
        String host = a.substring(0, colon);
        String port = a.substring(colon + 1);
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*")) {
            host = "127.0.0.1";
        }
        return host + ":" + port;
    }

    private static void addEndpoint(List<String> endpoints, Object value) {
        String s = string(value);
        if (s == null) {
            return;
        }
        String endpoint = connectable(s.split(",")[0]);
        if (!endpoints.contains(endpoint)) {
            endpoints.add(endpoint);
        }
    }

    private static Map<?, ?> section(Map<?, ?> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String string(Object o) {
        if (o == null) {
            return null;
        }
        String s = o.toString().trim();
        return s.isEmpty() ? null : s;
    }
}
