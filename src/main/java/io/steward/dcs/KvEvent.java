package io.steward.dcs;

/**
 * A change delivered to watchers after it was applied.
 *
 * @param entry the new entry for {@link Type#PUT}, the removed entry for {@link Type#DELETE} and {@link Type#EXPIRE}
 * @param index the index of the change
 */
public record KvEvent(Type type, String key, KvEntry entry, long index) {

    public enum Type { PUT, DELETE, EXPIRE }
}
