package io.steward.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** Questions about, and safe changes to, the data directory itself. */
final class DataDirectory {
    enum Kind {
        /** absent, or present and empty */
        EMPTY,
        /** PG_VERSION present */
        POSTGRES,
        /** not empty and not PostgreSQL: never touched */
        FOREIGN
    }

    private final Path dir;
    private final ProcessRunner runner;

    DataDirectory(Path dir, ProcessRunner runner) {
        this.dir = dir;
        this.runner = runner;
    }

    Path path() {
        return dir;
    }

    Kind kind() {
        if (!Files.exists(dir)) {
            return Kind.EMPTY;
        }
        if (Files.isRegularFile(dir.resolve("PG_VERSION"))) {
            return Kind.POSTGRES;
        }
        if (!Files.isDirectory(dir)) {
            return Kind.FOREIGN;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent() ? Kind.FOREIGN : Kind.EMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list data directory " + dir, e);
        }
    }

    /** The major version in PG_VERSION. */
    int pgVersion() {
        try {
            return Integer.parseInt(Files.readString(dir.resolve("PG_VERSION")).trim());
        } catch (IOException | NumberFormatException e) {
            throw new PgDataDirectoryCorrupt("cannot read PG_VERSION in " + dir, e.getMessage());
        }
    }

    /** Requires an absent or empty directory; throws a typed error naming what is there otherwise. */
    void requireEmpty(String forWhat) {
        Kind k = kind();
        if (k == Kind.FOREIGN) {
            throw new PgDataDirectoryForeign("refusing to " + forWhat + " into " + dir
                    + ": it is not empty and is not a PostgreSQL data directory (no PG_VERSION); nothing was changed");
        }
        if (k == Kind.POSTGRES) {
            throw new PgDataDirectoryExists("refusing to " + forWhat + " into " + dir
                    + ": it already holds a PostgreSQL data directory; reinitialize to replace it");
        }
    }

    /** Creates the (empty) directory if needed, mode 0700, owned by the PostgreSQL user. */
    void create() {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            runner.chown(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
    }

    /**
     * Empties the directory, but only if it is a PostgreSQL data directory or already empty; the directory itself
     * is kept (it may be a mount point).
     */
    void wipe() {
        if (kind() == Kind.FOREIGN) {
            throw new PgDataDirectoryForeign("refusing to remove " + dir
                    + ": it is not a PostgreSQL data directory (no PG_VERSION); nothing was changed");
        }
        clear();
    }

    /** Empties the directory unconditionally: only for content Steward itself just created (a failed clone). */
    void clear() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(DataDirectory::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the contents of " + dir, e);
        }
    }

    /** Writes a file owned by the PostgreSQL user, mode 0600, atomically. */
    void writeFile(String name, String content) {
        Path target = dir.resolve(name);
        Path tmp = dir.resolve(name + ".steward-tmp");
        try {
            Files.writeString(tmp, content);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            runner.chown(tmp);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    void deleteFile(String name) {
        delete(dir.resolve(name));
    }

    boolean hasFile(String name) {
        return Files.exists(dir.resolve(name));
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }
}
