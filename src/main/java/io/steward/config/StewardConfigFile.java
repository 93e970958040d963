package io.steward.config;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A configuration file loaded without Quarkus, for tools such as stewardctl that read {@code restapi.listen},
 * {@code scope} and credentials from the agent's file. Same parsing, environment overrides and validation as the agent.
 *
 * @param path     the file
 * @param config   the typed view
 * @param warnings unknown keys and other non-fatal findings
 */
public record StewardConfigFile(Path path, StewardConfig config, List<String> warnings) {

    public StewardConfigFile {
        warnings = List.copyOf(warnings);
    }

    /** Loads {@code file} with the process environment's {@code STEWARD_*} overrides. */
    public static StewardConfigFile load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Loads {@code file} with the overrides in {@code env}.
     *
     * @throws InvalidConfigException when the file is unreadable or invalid
     */
    public static StewardConfigFile load(Path file, Map<String, String> env) {
        ConfigValidator.Result checked = check(file, env);
        Map<String, String> properties = StewardConfigSource.properties(file, checked);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new StewardConfigSource(properties))
                .withMapping(StewardConfig.class)
                .build();
        return new StewardConfigFile(file, config.getConfigMapping(StewardConfig.class), checked.warnings());
    }

    /** Reads, applies {@code env} overrides and validates: the one pipeline every entry point uses. */
    public static ConfigValidator.Result check(Path file, Map<String, String> env) {
        return ConfigValidator.check(EnvOverrides.apply(ConfigFileReader.read(file), env));
    }
}
