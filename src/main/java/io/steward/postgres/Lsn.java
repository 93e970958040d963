package io.steward.postgres;

/** A WAL position (log sequence number), printed the PostgreSQL way: {@code 0/3000060}. */
public record Lsn(long value) implements Comparable<Lsn> {
    public static final Lsn ZERO = new Lsn(0);

    /** Parses {@code X/Y}; returns null for null or blank input. */
    public static Lsn parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not an LSN: '" + text + "'");
        }
        long hi = Long.parseLong(s.substring(0, slash), 16);
        long lo = Long.parseLong(s.substring(slash + 1), 16);
        return new Lsn((hi << 32) | lo);
    }

    public boolean isAfter(Lsn other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Lsn o) {
        return Long.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xffffffffL).toUpperCase();
    }
}
