package io.steward.config;

import org.eclipse.microprofile.config.spi.Converter;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Reads durations the way Patroni files write them: a bare integer is seconds ({@code ttl: 30}). Also accepts
 * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} and ISO-8601 ({@code PT30S}). Used with {@code @WithConverter}
 * so plain SmallRye (stewardctl) and Quarkus read the same values the same way.
 */
public final class SecondsConverter implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return null;
        }
        if (v.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (v.startsWith("P") || v.startsWith("p")) {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + value + "' is not a duration", e);
            }
        }
        return withUnit(v, value);
    }

    private static Duration withUnit(String v, String original) {
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("'" + original + "' is not a duration (use seconds, e.g. 30)");
        }
        long n = Long.parseLong(v.substring(0, i));
        return switch (v.substring(i)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException(
                    "'" + original + "' is not a duration (use seconds, e.g. 30)");
        };
    }
}
