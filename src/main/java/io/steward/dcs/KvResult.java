package io.steward.dcs;

/**
 * The outcome of a conditional write.
 *
 * @param succeeded whether the precondition held (and the change, if any, was applied)
 * @param current   the entry as it is after the operation: the new entry after a successful put, null after a
 *                  successful delete, the unchanged current entry (or null when absent) after a failed precondition
 * @param index     the index at which the change was applied, 0 when nothing changed
 */
public record KvResult(boolean succeeded, KvEntry current, long index) {

    public static KvResult failed(KvEntry current) {
        return new KvResult(false, current, 0);
    }
}
