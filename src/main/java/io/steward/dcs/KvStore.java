package io.steward.dcs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A low-level replicated key-value store with compare-and-set writes, lease TTLs and watches; the substrate of
 * {@link KvDcs}. Keys match {@code [A-Za-z0-9/_.\-:@]{1,512}}, values are at most 1 MiB of UTF-8
 * ({@link KvLimits}); a request outside these limits fails with {@link DcsRejected} and writes nothing. Every call
 * that needs a quorum either completes or fails with {@link DcsUnavailable} within the store's retry timeout.
 */
public interface KvStore extends AutoCloseable {

    Optional<KvEntry> get(String key, ReadMode mode) throws DcsUnavailable;

    /** Every entry whose key starts with {@code prefix}, sorted by key. */
    List<KvEntry> scan(String prefix, ReadMode mode) throws DcsUnavailable;

    /**
     * Writes {@code value} if {@code precondition} holds. With a non-null {@code ttl} the key is a lease: it is
     * removed once {@code ttl} has passed since this put was applied, unless it was changed in between.
     */
    KvResult put(String key, String value, Precondition precondition, Duration ttl) throws DcsUnavailable;

    /**
     * Deletes the key if {@code precondition} holds. Deleting an absent key with a precondition that holds for
     * absence ({@link Precondition.None}, {@link Precondition.Absent}) succeeds without a change.
     */
    KvResult delete(String key, Precondition precondition) throws DcsUnavailable;

    /**
     * Calls {@code listener} for every change of {@code keyOrPrefix}: the exact key, or every key under it when it
     * ends with "/" (or is empty). Events arrive in apply order on one dedicated thread, never the apply thread.
     * Close the handle to stop.
     */
    AutoCloseable watch(String keyOrPrefix, Consumer<KvEvent> listener);

    @Override
    void close();
}
