package io.steward.config;

import io.smallrye.config.common.MapBackedConfigSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves a Steward YAML file as {@code steward.*} properties, plus the Quarkus settings derived from {@code restapi}
 * and {@code log}. Created by {@link StewardConfigSourceFactory} when a file is named. Its ordinal ({@value #ORDINAL}) is above
 * application.properties (250) and below environment variables (300) and system properties (400), so both still win.
 */
public class StewardConfigSource extends MapBackedConfigSource {

    public static final int ORDINAL = 275;
    public static final String FILE_PROPERTY = "steward.config.file";
    public static final String FILE_ENV = "STEWARD_CONFIG";
    static final String PREFIX = "steward.";

    /** A source for an already validated set of properties (see {@link #properties}). */
    public StewardConfigSource(Map<String, String> properties) {
        super("StewardConfigSource", properties, ORDINAL);
    }

    /** Loads, validates and flattens {@code file} with {@code env} overrides applied. */
    public static StewardConfigSource of(Path file, Map<String, String> env) {
        return new StewardConfigSource(properties(file, env));
    }

    /**
     * All properties served for {@code file}: {@code steward.<path>} for every configured key (including
     * {@code steward.config.file}) and the derived {@code quarkus.*} settings.
     *
     * @throws InvalidConfigException when the file is unreadable or invalid
     */
    public static Map<String, String> properties(Path file, Map<String, String> env) {
        return properties(file, StewardConfigFile.check(file, env));
    }

    /** The properties served for an already validated {@code result} read from {@code file}. */
    public static Map<String, String> properties(Path file, ConfigValidator.Result result) {
        Map<String, String> out = new LinkedHashMap<>();
        result.properties().forEach((key, value) -> out.put(PREFIX + key, value));
        out.put(FILE_PROPERTY, file.toAbsolutePath().toString());
        out.putAll(QuarkusSettings.derive(result.properties()));
        return out;
    }
}
