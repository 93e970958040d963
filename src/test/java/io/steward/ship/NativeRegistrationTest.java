package io.steward.ship;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.datastream.SupportedDataStreamType;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.LogAppender;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.util.ReflectionUtils;
import org.apache.ratis.util.Timestamp;
import org.junit.jupiter.api.Test;

/**
 * Checks the native-image registration of the classes Ratis creates by name against the Ratis jars on the class path.
 * Everything here runs on the JVM: a wrong or missing name fails here instead of in a native executable.
 */
class NativeRegistrationTest {

    private static final String REGISTRATION = "io.steward.agent.NativeRegistration";
    private static final String NATIVE_DIR = "META-INF/native-image/io.steward/steward/";
    private static final Pattern QUOTED = Pattern.compile("\\\\Q(.*)\\\\E");

    @Test
    void everyRegisteredClassNameLoads() {
        for (String name : registeredNames()) {
            assertDoesNotThrow(() -> Class.forName(name, false, loader()), "registered class is missing: " + name);
        }
    }

    @Test
    void everyRatisServiceProviderIsRegistered() throws IOException {
        Set<String> registered = registeredNames();
        List<String> services = serviceFilesOnClassPath();
        assertFalse(services.isEmpty(), "no Ratis META-INF/services files found on the class path");
        for (String service : services) {
            for (String provider : providersIn(service)) {
                assertTrue(registered.contains(provider), provider + " (from " + service + ") is not registered");
            }
        }
    }

    @Test
    void everyRatisServiceFileIsIncludedAsResource() throws IOException {
        Set<String> included = resourceIncludes();
        for (String service : serviceFilesOnClassPath()) {
            assertTrue(included.contains(service), service + " is not included by resource-config.json");
        }
    }

    @Test
    void everyIncludedResourceExists() throws IOException {
        for (String resource : resourceIncludes()) {
            assertNotNull(loader().getResource(resource), "resource-config.json names a missing resource: " + resource);
        }
    }

    @Test
    void factoriesRatisCreatesByNameAreRegistered() {
        Set<String> registered = registeredNames();
        Parameters parameters = new Parameters();
        assertRegistered(registered, SupportedRpcType.GRPC.newFactory(parameters).getClass().getName());
        assertRegistered(registered,
                SupportedDataStreamType.DISABLED.newClientFactory(parameters).getClass().getName());
        assertRegistered(registered,
                SupportedDataStreamType.DISABLED.newServerFactory(parameters).getClass().getName());
        assertRegistered(registered, LogAppender.DEFAULT_CLASS.getName());
        assertRegistered(registered, ReflectionUtils.getImplClass(TransactionContext.class).getName());
        assertRegistered(registered, RaftServer.class.getPackage().getName() + ".impl.ServerImplUtils");
        assertRegistered(registered, RaftStorage.class.getPackage().getName() + ".StorageImplUtils");
    }

    @Test
    void clockSensitiveRatisClassesAreInitializedAtRunTime() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = resource(NATIVE_DIR + "native-image.properties")) {
            properties.load(in);
        }
        String args = properties.getProperty("Args", "");
        // Timestamp captures System.nanoTime() in its static initializer: frozen at build time it would skew leases.
        String timestampPackage = Timestamp.class.getPackage().getName();
        assertTrue(args.contains("--initialize-at-run-time=" + timestampPackage),
                "native-image.properties must initialize " + timestampPackage + " at run time: " + args);
        assertTrue(args.contains("--initialize-at-run-time=org.apache.ratis.thirdparty.io.netty"), args);
    }

    private static void assertRegistered(Set<String> registered, String className) {
        assertTrue(registered.contains(className), className + " is created by name by Ratis but not registered");
    }

    private static Set<String> registeredNames() {
        Class<?> registration = assertDoesNotThrow(() -> Class.forName(REGISTRATION, false, loader()));
        RegisterForReflection annotation = registration.getAnnotation(RegisterForReflection.class);
        assertNotNull(annotation, REGISTRATION + " lost its @RegisterForReflection");
        assertTrue(annotation.methods(), "methods must be registered: Ratis looks factory methods up by name");
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> target : annotation.targets()) {
            names.add(target.getName());
        }
        Collections.addAll(names, annotation.classNames());
        assertEquals(annotation.targets().length + annotation.classNames().length, names.size(),
                "a class is registered twice");
        return names;
    }

    private static List<String> serviceFilesOnClassPath() throws IOException {
        List<String> found = new ArrayList<>();
        for (String service : List.of(
                "org.apache.ratis.metrics.MetricRegistries",
                "org.apache.ratis.thirdparty.io.grpc.ServerProvider",
                "org.apache.ratis.thirdparty.io.grpc.ManagedChannelProvider",
                "org.apache.ratis.thirdparty.io.grpc.NameResolverProvider",
                "org.apache.ratis.thirdparty.io.grpc.LoadBalancerProvider")) {
            String path = "META-INF/services/" + service;
            if (loader().getResources(path).hasMoreElements()) {
                found.add(path);
            }
        }
        return found;
    }

    private static List<String> providersIn(String servicePath) throws IOException {
        List<String> providers = new ArrayList<>();
        for (URL url : Collections.list(loader().getResources(servicePath))) {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                reader.lines()
                        .map(line -> line.replaceFirst("#.*", "").trim())
                        .filter(line -> !line.isEmpty())
                        .forEach(providers::add);
            }
        }
        return providers;
    }

    private static Set<String> resourceIncludes() throws IOException {
        JsonNode config;
        try (InputStream in = resource(NATIVE_DIR + "resource-config.json")) {
            config = new ObjectMapper().readTree(in);
        }
        Set<String> includes = new LinkedHashSet<>();
        for (JsonNode include : config.path("resources").path("includes")) {
            Matcher matcher = QUOTED.matcher(include.path("pattern").asText());
            assertTrue(matcher.matches(), "expected a \\Q...\\E literal pattern: " + include);
            includes.add(matcher.group(1));
        }
        assertFalse(includes.isEmpty(), "resource-config.json includes nothing");
        return includes;
    }

    private static InputStream resource(String path) {
        InputStream in = loader().getResourceAsStream(path);
        assertNotNull(in, "missing resource " + path);
        return in;
    }

    private static ClassLoader loader() {
        return NativeRegistrationTest.class.getClassLoader();
    }
}
