package io.steward.model;

/** The leader lease: who holds it and the modification index of its last renewal. */
public record Leader(String name, long index) {
}
