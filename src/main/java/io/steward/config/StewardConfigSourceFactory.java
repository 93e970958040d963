package io.steward.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Registers {@link StewardConfigSource} (META-INF/services/io.smallrye.config.ConfigSourceFactory). The file is named
 * by {@code steward.config.file} in any earlier source (system property, a test profile, application.properties) or
 * by env {@code STEWARD_CONFIG}; with neither, no source is added and {@code steward.*} must come from elsewhere.
 */
public final class StewardConfigSourceFactory implements ConfigSourceFactory {

    private final Map<String, String> env;

    public StewardConfigSourceFactory() {
        this(System.getenv());
    }

    StewardConfigSourceFactory(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue named = context.getValue(StewardConfigSource.FILE_PROPERTY);
        String file = named != null && named.getValue() != null && !named.getValue().isBlank()
                ? named.getValue() : env.get(StewardConfigSource.FILE_ENV);
        if (file == null || file.isBlank()) {
            return List.of();
        }
        return List.of(StewardConfigSource.of(Path.of(file), env));
    }
}
