package io.steward.dcs;

/** The compare-and-set condition of a write. A condition that does not hold is a result, not an exception. */
public sealed interface Precondition {

    /** Always holds. */
    record None() implements Precondition {
    }

    /** Holds when the key does not exist. */
    record Absent() implements Precondition {
    }

    /** Holds when the key exists with this modification index ({@code 0} means: the key does not exist). */
    record ModIndexEquals(long modIndex) implements Precondition {
    }

    /** Holds when the key exists with exactly this value. */
    record ValueEquals(String value) implements Precondition {
        public ValueEquals {
            if (value == null) {
                throw new IllegalArgumentException("ValueEquals needs a value");
            }
        }
    }

    static Precondition none() {
        return new None();
    }

    static Precondition absent() {
        return new Absent();
    }

    static Precondition modIndexEquals(long modIndex) {
        return modIndex == 0 ? new Absent() : new ModIndexEquals(modIndex);
    }

    static Precondition valueEquals(String value) {
        return new ValueEquals(value);
    }

    /** Whether this condition holds for {@code current} (null when the key is absent). */
    default boolean holdsFor(KvEntry current) {
        if (this instanceof None) {
            return true;
        }
        if (this instanceof Absent) {
            return current == null;
        }
        if (this instanceof ModIndexEquals m) {
            return current != null && current.modIndex() == m.modIndex();
        }
        return current != null && current.value().equals(((ValueEquals) this).value());
    }
}
