package io.steward.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain boxed text table, columns sized to their widest cell. */
final class TextTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    TextTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size());
        }
        rows.add(cells.stream().map(c -> c == null ? "" : c).toList());
        return this;
    }

    String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String rule = rule(widths);
        sb.append(rule).append(line(headers, widths)).append(rule);
        rows.forEach(r -> sb.append(line(r, widths)));
        return sb.append(rule).toString();
    }

    private static String rule(int[] widths) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : widths) {
            sb.append("-".repeat(w + 2)).append('+');
        }
        return sb.append('\n').toString();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            String c = cells.get(i);
            sb.append(' ').append(c).append(" ".repeat(widths[i] - c.length())).append(" |");
        }
        return sb.append('\n').toString();
    }
}
