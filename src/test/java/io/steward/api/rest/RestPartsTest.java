package io.steward.api.rest;

import io.steward.control.ControlException;
import io.steward.model.HistoryEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure pieces of the REST adapter: sizes, versions, schedules, conn URLs, status mapping. */
class RestPartsTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({"0,0", "1048576,1048576", "16kB,16384", "16KB,16384", "1MB,1048576", "2 mb,2097152",
        "1GB,1073741824", "1TB,1099511627776", "100B,100", "99999999999TB,9223372036854775807"})
    void sizes(String text, long bytes) {
        assertEquals(bytes, QueryFilters.size("lag", text));
    }

    @ParameterizedTest(name = "''{0}'' is not a size")
    @CsvSource({"-1", "1.5MB", "MB", "1PB", "lots"})
    void notSizes(String text) {
        RestError e = assertThrows(RestError.class, () -> QueryFilters.size("lag", text));
        assertEquals(400, e.status());
        assertTrue(e.json());
    }

    @ParameterizedTest(name = "server version {0} -> {1}")
    @CsvSource({"150004,150004", "15.4,150004", "16,160000", "9.6,90006"})
    void serverVersions(String text, long expected) {
        assertEquals(expected, StatusDocument.serverVersion(text));
    }

    @Test
    void oddServerVersionsAreReportedAsText() {
        assertEquals("16beta1", StatusDocument.serverVersion("16beta1"));
        assertEquals(null, StatusDocument.serverVersion(" "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2099-01-01T00:00:00Z|2099-01-01T00:00:00Z",
        "2099-01-01T02:00:00+02:00|2099-01-01T00:00:00Z",
        "2099-01-01 02:00:00+02:00|2099-01-01T00:00:00Z",
        "2099-01-01T01:00:00+01:00[Europe/Paris]|2099-01-01T00:00:00Z"})
    void schedules(String text, String instant) {
        assertEquals(Instant.parse(instant), Requests.schedule(text, "restart", Instant.parse("2030-01-01T00:00:00Z")));
    }

    @Test
    void hostAndPortComeFromTheConnUrl() {
        Map<String, Object> out = new LinkedHashMap<>();
        ClusterDocument.putHostPort(out, "postgres://replicator@10.0.0.5:6432/postgres");
        assertEquals(Map.of("host", "10.0.0.5", "port", 6432), out);
        out.clear();
        ClusterDocument.putHostPort(out, "postgresql://db.example/postgres");
        assertEquals(Map.of("host", "db.example", "port", 5432), out);
        out.clear();
        ClusterDocument.putHostPort(out, "host=10.0.0.5 port=5432");
        assertEquals(Map.of(), out);
    }

    @Test
    void historyRowsArePatronisArrays() {
        List<List<Object>> rows = OperatorRoutes.historyRows(List.of(new HistoryEntry(2, 100, "switchover",
                "2030-01-01T00:00:00+00:00", null)));
        assertEquals(List.of(Arrays.asList(2L, 100L, "switchover", "2030-01-01T00:00:00+00:00", null)), rows);
    }

    @ParameterizedTest
    @EnumSource(ControlException.Kind.class)
    void everyControlKindHasAnHttpStatus(ControlException.Kind kind) {
        int status = Replies.status(kind);
        assertTrue(status >= 400 && status < 600, kind + " -> " + status);
    }

    @Test
    void deadlinesSayTheyTimedOut() {
        assertEquals("timed out: leader is still node1", Replies.message(
                new ControlException(ControlException.Kind.DEADLINE_EXCEEDED, "leader is still node1")));
        assertEquals("Timed out after 3s: x", Replies.message(
                new ControlException(ControlException.Kind.DEADLINE_EXCEEDED, "Timed out after 3s: x")));
    }
}
