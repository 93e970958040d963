package io.steward.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One blocking HTTP exchange with another member's REST API. It is built on {@link HttpURLConnection} rather than
 * {@code java.net.http.HttpClient}, which sets up the JVM's default TLS context (hundreds of classes and the parsed CA
 * store, several MB of an idle agent's memory) the moment a client is created, even for plain-HTTP peers. Here TLS is
 * set up only when an {@code https} peer is actually called.
 */
public final class PeerHttp {

    /** Bodies larger than this are cut: peers answer with small JSON documents. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** The answer: the HTTP status and the body as text (empty when there was none). */
    public record Response(int status, String body) {
    }

    private PeerHttp() {
    }

    /**
     * Sends {@code method} to {@code url} with an optional JSON body and Authorization header and reads the whole
     * answer, whatever its status. Fails with IOException when the peer cannot be reached or does not answer in time
     * ({@code timeout} bounds the connection and every read), and IllegalArgumentException for a malformed URL.
     */
    public static Response exchange(String method, String url, String authorization, String jsonBody,
                                    Duration connectTimeout, Duration timeout) throws IOException {
        URL target = toUrl(url);
        HttpURLConnection c = (HttpURLConnection) target.openConnection();
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout(millis(connectTimeout));
            c.setReadTimeout(millis(timeout));
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setRequestProperty("Accept", "application/json");
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            if (jsonBody != null && !jsonBody.isEmpty()) {
                byte[] bytes = jsonBody.getBytes(StandardCharsets.UTF_8);
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                c.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            return new Response(status, in == null ? "" : read(in));
        } finally {
            c.disconnect();
        }
    }

    private static URL toUrl(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return uri.toURL();
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
