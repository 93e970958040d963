package io.steward.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Reads a YAML configuration file into a tree of maps, lists and scalars. */
public final class ConfigFileReader {

    private ConfigFileReader() {
    }

    /**
     * Parses {@code file}.
     *
     * @throws InvalidConfigException when the file cannot be read, is not YAML, or is not a mapping at its top
     */
    public static Map<?, ?> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return asTree(file, yaml().load(reader));
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException(file.toString(), "cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new InvalidConfigException(file.toString(), "cannot read " + file + ": " + e.getMessage(), e);
        } catch (MarkedYAMLException e) {
            throw new InvalidConfigException(file.toString(), "cannot parse " + file + " at line "
                    + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new InvalidConfigException(file.toString(), "cannot parse " + file + ": "
                    + e.getMessage().lines().findFirst().orElse("not YAML"), e);
        }
    }

    /** Parses YAML text (tests, and callers that already hold the document). */
    public static Map<?, ?> parse(String yamlText) {
        try {
            return asTree(Path.of("<text>"), yaml().load(yamlText));
        } catch (MarkedYAMLException e) {
            throw new InvalidConfigException("<text>", "cannot parse YAML at line "
                    + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new InvalidConfigException("<text>", "cannot parse YAML: "
                    + e.getMessage().lines().findFirst().orElse("not YAML"), e);
        }
    }

    private static Map<?, ?> asTree(Path file, Object document) {
        if (document == null) {
            throw new InvalidConfigException(file.toString(), file + " is empty");
        }
        if (!(document instanceof Map<?, ?> tree)) {
            throw new InvalidConfigException(file.toString(), file + " must be a YAML mapping (key: value) at the top");
        }
        return tree;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }
}
