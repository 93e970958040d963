package io.steward.config;

/**
 * A {@code host:port} address as written in the configuration ({@code 127.0.0.1:8008}, {@code [::1]:5432},
 * {@code *:5432}, {@code :8008}). The host is kept as written, without IPv6 brackets; an empty host or {@code *} means
 * every interface.
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null) {
            throw new IllegalArgumentException("host must not be null");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException with a message saying what was expected and what was given
     */
    public static HostPort parse(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "' (" + problem + ")");
        }
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        String host = s.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostPort(host, Integer.parseInt(s.substring(colon + 1)));
    }

    /** Why {@code text} is not {@code host:port}, or {@code null} when it is. */
    public static String problem(String text) {
        if (text == null || text.isBlank()) {
            return "empty";
        }
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return "no port";
        }
        String hostProblem = hostProblem(s.substring(0, colon));
        return hostProblem != null ? hostProblem : portProblem(s.substring(colon + 1));
    }

    /** Same as {@link #parse}; the name SmallRye Config uses as an implicit converter. */
    public static HostPort of(String text) {
        return parse(text);
    }

    /** True when the host means "every interface" ({@code *}, empty, {@code 0.0.0.0} or {@code ::}). */
    public boolean isWildcard() {
        return host.isEmpty() || host.equals("*") || host.equals("0.0.0.0") || host.equals("::");
    }

    /** The host to bind a server socket to: wildcards become {@code 0.0.0.0}. */
    public String bindHost() {
        return host.isEmpty() || host.equals("*") ? "0.0.0.0" : host;
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String hostProblem(String host) {
        if (host.startsWith("[") != host.endsWith("]") || host.equals("[")) {
            return "unbalanced brackets in host";
        }
        if (!host.startsWith("[") && host.indexOf(':') >= 0) {
            return "write an IPv6 host in brackets, e.g. [::1]:5432";
        }
        if (host.chars().anyMatch(Character::isWhitespace)) {
            return "space in host";
        }
        return null;
    }

    private static String portProblem(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "port is not a number";
        }
        int p = Integer.parseInt(port);
        return p < 1 || p > 65535 ? "port outside 1..65535" : null;
    }
}
