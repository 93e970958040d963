package io.steward.ship;

import static io.steward.ship.Manifests.at;
import static io.steward.ship.Manifests.host;
import static io.steward.ship.Manifests.list;
import static io.steward.ship.Manifests.map;
import static io.steward.ship.Manifests.name;
import static io.steward.ship.Manifests.port;
import static io.steward.ship.Manifests.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Consistency of the Kubernetes manifests with each other and with the agent configuration they carry: probe paths
 * and ports, container ports, Service selectors, the Raft peer addresses, volumes, credentials and RBAC.
 */
class K8sManifestsTest {

    private static final String ROLE_LABEL = "steward.io/role";
    private static final String AGENT = "steward";

    private Manifests manifests;
    private Map<String, Object> statefulSet;
    private Map<String, Object> pod;
    private Map<String, Object> agent;
    private Map<String, Object> config;
    private Map<String, Integer> containerPorts;

    @BeforeEach
    void load() {
        manifests = Manifests.load();
        statefulSet = manifests.single("StatefulSet");
        pod = map(statefulSet, "spec", "template");
        agent = container(AGENT);
        containerPorts = containerPorts(agent);
        config = agentConfig();
    }

    @Test
    void everyManifestIsWellFormedAndListedInTheKustomization() {
        assertFalse(manifests.files().isEmpty(), "no manifests under " + Manifests.DIR);
        for (Map<String, Object> doc : manifests.all()) {
            assertNotNull(doc.get("apiVersion"), "apiVersion missing in " + doc);
            assertNotNull(doc.get("kind"), "kind missing in " + doc);
            if (!"Kustomization".equals(doc.get("kind"))) {
                assertNotNull(at(doc, "metadata", "name"), "metadata.name missing in " + doc);
            }
        }
        Set<String> listed = list(manifests.single("Kustomization"), "resources").stream()
                .map(String::valueOf).collect(Collectors.toSet());
        Set<String> present = manifests.files().keySet().stream().map(p -> p.getFileName().toString())
                .filter(f -> !f.equals("kustomization.yaml")).collect(Collectors.toSet());
        assertEquals(present, listed, "kustomization.yaml resources must list exactly the manifests in k8s/");
    }

    @Test
    void probesUseQuarkusHealthEndpointsOnTheRestApiPort() {
        int restPort = port(str(config, "restapi", "listen"));
        assertEquals(restPort, containerPorts.get("rest"), "container port 'rest' vs restapi.listen");
        Map<String, String> expected = Map.of(
                "startupProbe", "/q/health/started",
                "livenessProbe", "/q/health/live",
                "readinessProbe", "/q/health/ready");
        expected.forEach((probe, path) -> {
            assertEquals(path, str(agent, probe, "httpGet", "path"), probe + " path");
            assertEquals(restPort, resolvePort(at(agent, probe, "httpGet", "port")), probe + " port");
        });
    }

    @Test
    void containerPortsMatchTheAgentConfiguration() {
        assertEquals(Set.of("rest", "raft", "postgres"), containerPorts.keySet());
        assertEquals(port(str(config, "postgresql", "listen")), containerPorts.get("postgres"), "postgresql.listen");
        Map<String, String> env = plainEnv();
        assertEquals(containerPorts.get("raft"), port(env.get("STEWARD_RAFT_SELF_ADDR")), "raft self_addr port");
        assertEquals(containerPorts.get("rest"), port(env.get("STEWARD_RESTAPI_CONNECT_ADDRESS")), "api port");
        assertEquals(containerPorts.get("postgres"), port(env.get("STEWARD_POSTGRESQL_CONNECT_ADDRESS")), "pg port");
        for (Object partner : list(config, "raft", "partner_addrs")) {
            assertEquals(containerPorts.get("raft"), port(String.valueOf(partner)), "partner port of " + partner);
        }
    }

    @Test
    void raftPeersAreTheStatefulSetPodsBehindTheHeadlessService() {
        String headless = str(statefulSet, "spec", "serviceName");
        Map<String, Object> service = manifests.named("Service", headless);
        assertEquals("None", str(service, "spec", "clusterIP"), headless + " must be headless");
        assertEquals(Boolean.TRUE, at(service, "spec", "publishNotReadyAddresses"),
                "peers must resolve each other before they are ready");
        assertEquals("Parallel", str(statefulSet, "spec", "podManagementPolicy"),
                "all peers must start together to elect a Raft leader");
        int replicas = (Integer) at(statefulSet, "spec", "replicas");
        assertEquals(3, replicas);
        List<String> partners = list(config, "raft", "partner_addrs").stream().map(String::valueOf).toList();
        for (int i = 0; i < replicas; i++) {
            String expected = name(statefulSet) + "-" + i + "." + headless;
            assertEquals(expected, host(partners.get(i)), "partner " + i);
        }
        assertEquals(replicas, partners.size(), "one partner address per replica");
        assertEquals("$(POD_NAME)." + headless, host(plainEnv().get("STEWARD_RAFT_SELF_ADDR")));
    }

    @Test
    void perPodEnvironmentComesFromThePod() {
        Map<String, String> fieldRefs = fieldRefEnv(agent);
        assertEquals("metadata.name", fieldRefs.get("POD_NAME"));
        assertEquals("status.podIP", fieldRefs.get("POD_IP"));
        Map<String, String> env = plainEnv();
        assertEquals("$(POD_NAME)", env.get("STEWARD_NAME"));
        assertEquals("$(POD_IP)", host(env.get("STEWARD_RESTAPI_CONNECT_ADDRESS")));
        assertEquals("$(POD_IP)", host(env.get("STEWARD_POSTGRESQL_CONNECT_ADDRESS")));
    }

    @Test
    void servicesSelectPodsByTheirLabelsAndNamedPorts() {
        Map<String, Object> podLabels = map(pod, "metadata", "labels");
        Set<String> roles = new HashSet<>();
        for (Map<String, Object> service : manifests.ofKind("Service")) {
            map(service, "spec", "selector").forEach((key, value) -> {
                if (ROLE_LABEL.equals(key)) {
                    roles.add(String.valueOf(value));
                } else {
                    assertEquals(podLabels.get(key), value, name(service) + " selector " + key + " vs pod labels");
                }
            });
            for (Object servicePort : list(service, "spec", "ports")) {
                Object target = at(servicePort, "targetPort");
                assertTrue(containerPorts.containsKey(String.valueOf(target)),
                        name(service) + " targets unknown container port " + target);
            }
        }
        assertEquals(Set.of("primary", "replica"), roles, "a Service each for the primary and the replicas");
        String labeler = String.join("\n", list(container("role-labeler"), "args").stream()
                .map(String::valueOf).toList());
        int restPort = containerPorts.get("rest");
        assertTrue(labeler.contains(ROLE_LABEL), "the labeler must write " + ROLE_LABEL);
        for (String role : roles) {
            assertTrue(labeler.contains("http://127.0.0.1:" + restPort + "/" + role),
                    "the labeler must ask the agent's /" + role + " on port " + restPort);
            assertTrue(labeler.contains("role=" + role), "the labeler must set role " + role);
        }
    }

    @Test
    void volumesHoldTheConfiguredDirectories() {
        Map<String, String> mounts = new HashMap<>();
        for (Object mount : list(agent, "volumeMounts")) {
            mounts.put(str(mount, "name"), str(mount, "mountPath"));
        }
        Set<String> claims = list(statefulSet, "spec", "volumeClaimTemplates").stream()
                .map(t -> str(t, "metadata", "name")).collect(Collectors.toSet());
        Set<String> volumes = list(pod, "spec", "volumes").stream().map(v -> str(v, "name"))
                .collect(Collectors.toSet());
        for (String mount : mounts.keySet()) {
            assertTrue(claims.contains(mount) || volumes.contains(mount), "mount " + mount + " has no volume");
        }
        assertTrue(claims.containsAll(Set.of("pgdata", "raft")), "persistent claims for PGDATA and the Raft log");
        assertStrictlyUnder(str(config, "postgresql", "data_dir"), mounts.get("pgdata"));
        assertStrictlyUnder(str(config, "raft", "data_dir"), mounts.get("raft"));
        String configFile = str(list(agent, "args").get(0));
        assertEquals(mounts.get("config"), Path.of(configFile).getParent().toString(), "config file directory");
        String configMap = str(volumeNamed("config"), "configMap", "name");
        assertNotNull(at(manifests.named("ConfigMap", configMap), "data", Path.of(configFile).getFileName()
                .toString()), "ConfigMap " + configMap + " lacks " + configFile);
    }

    @Test
    void credentialsComeFromTheSecret() {
        Set<String> wanted = Set.of("STEWARD_POSTGRESQL_AUTHENTICATION_SUPERUSER_PASSWORD",
                "STEWARD_POSTGRESQL_AUTHENTICATION_REPLICATION_PASSWORD");
        Set<String> found = new HashSet<>();
        for (Object entry : list(agent, "env")) {
            Object ref = at(entry, "valueFrom", "secretKeyRef");
            if (ref != null) {
                Map<String, Object> secret = manifests.named("Secret", str(ref, "name"));
                assertNotNull(at(secret, "stringData", str(ref, "key")), "secret key " + str(ref, "key"));
                found.add(str(entry, "name"));
            }
        }
        assertEquals(wanted, found);
    }

    @Test
    void roleLabelerMayPatchItsPod() {
        String account = str(pod, "spec", "serviceAccountName");
        manifests.named("ServiceAccount", account);
        Map<String, Object> binding = manifests.single("RoleBinding");
        assertEquals(account, str(list(binding, "subjects").get(0), "name"));
        Map<String, Object> role = manifests.named("Role", str(binding, "roleRef", "name"));
        boolean patchesPods = list(role, "rules").stream().anyMatch(rule ->
                list(rule, "resources").contains("pods") && list(rule, "verbs").contains("patch"));
        assertTrue(patchesPods, "the Role must allow patching pods");
    }

    @Test
    void disruptionBudgetKeepsTheRaftQuorum() {
        Map<String, Object> pdb = manifests.single("PodDisruptionBudget");
        assertEquals(1, at(pdb, "spec", "maxUnavailable"));
        Map<String, Object> podLabels = map(pod, "metadata", "labels");
        map(pdb, "spec", "selector", "matchLabels").forEach((key, value) ->
                assertEquals(podLabels.get(key), value, "PDB selector " + key));
    }

    @Test
    void podRunsAsThePostgresUidOfBothImages() throws IOException {
        Object uid = at(pod, "spec", "securityContext", "runAsUser");
        Pattern declared = Pattern.compile("ARG STEWARD_UID=(\\d+)");
        for (String dockerfile : List.of("Dockerfile.native", "Dockerfile.jvm")) {
            Matcher matcher = declared.matcher(Files.readString(Path.of(dockerfile)));
            assertTrue(matcher.find(), dockerfile + " must declare ARG STEWARD_UID");
            assertEquals(Integer.parseInt(matcher.group(1)), uid, "runAsUser vs " + dockerfile);
        }
        assertEquals(uid, at(pod, "spec", "securityContext", "fsGroup"), "fsGroup lets the uid write the volumes");
    }

    private Map<String, Object> agentConfig() {
        String configMap = str(volumeNamed("config"), "configMap", "name");
        Map<String, Object> data = map(manifests.named("ConfigMap", configMap), "data");
        assertEquals(1, data.size(), "one configuration file in " + configMap);
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(String.valueOf(data.values().iterator().next()));
        return Manifests.asMap(parsed, "agent configuration");
    }

    private Map<String, Object> container(String containerName) {
        return podSpecEntry("containers", "container", containerName);
    }

    private Map<String, Object> volumeNamed(String volumeName) {
        return podSpecEntry("volumes", "volume", volumeName);
    }

    /** The entry of the pod spec's list {@code listKey} whose name is {@code wanted}; fails the test when absent. */
    private Map<String, Object> podSpecEntry(String listKey, String what, String wanted) {
        return list(pod, "spec", listKey).stream()
                .map(e -> Manifests.asMap(e, what))
                .filter(e -> wanted.equals(e.get("name")))
                .findFirst()
                .orElseGet(() -> fail("no " + what + " " + wanted));
    }

    private static Map<String, Integer> containerPorts(Map<String, Object> container) {
        Map<String, Integer> ports = new HashMap<>();
        for (Object port : list(container, "ports")) {
            ports.put(str(port, "name"), (Integer) at(port, "containerPort"));
        }
        return ports;
    }

    private int resolvePort(Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        Integer named = containerPorts.get(String.valueOf(port));
        assertNotNull(named, "unknown named port " + port);
        return named;
    }

    private Map<String, String> plainEnv() {
        Map<String, String> env = new HashMap<>();
        for (Object entry : list(agent, "env")) {
            Object value = at(entry, "value");
            if (value != null) {
                env.put(str(entry, "name"), String.valueOf(value));
            }
        }
        return env;
    }

    private static Map<String, String> fieldRefEnv(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        for (Object entry : list(container, "env")) {
            Object path = at(entry, "valueFrom", "fieldRef", "fieldPath");
            if (path != null) {
                env.put(str(entry, "name"), String.valueOf(path));
            }
        }
        return env;
    }

    private static void assertStrictlyUnder(String dir, String mountPath) {
        assertNotNull(mountPath, "no mount for " + dir);
        Path path = Path.of(dir);
        assertTrue(path.startsWith(Path.of(mountPath)) && !path.equals(Path.of(mountPath)),
                dir + " must be a subdirectory of the volume mounted at " + mountPath
                        + " (a volume root may hold lost+found, and initdb wants an empty directory)");
    }
}
