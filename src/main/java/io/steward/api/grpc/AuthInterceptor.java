package io.steward.api.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;

/**
 * Guards the mutating steward.v1.Control RPCs when a bearer token ({@code steward.restapi.token}) or basic
 * credentials ({@code steward.restapi.authentication.username/password}) are configured: the call needs metadata
 * {@code authorization: Bearer <token>} or {@code Basic <base64(user:password)>}, else it ends UNAUTHENTICATED before
 * reaching the service. Reads, health and reflection stay open. Without configuration auth is off.
 */
@ApplicationScoped
@GlobalInterceptor
public class AuthInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String SERVICE = "steward.v1.Control/";
    private static final Set<String> READS =
            Set.of("GetCluster", "GetMember", "GetConfig", "GetHistory", "WatchCluster");

    private final byte[] bearer;
    private final byte[] basic;

    public AuthInterceptor() {
        this(ConfigProvider.getConfig());
    }

    AuthInterceptor(Config config) {
        this(config.getOptionalValue("steward.restapi.token", String.class).orElse(null),
                config.getOptionalValue("steward.restapi.authentication.username", String.class).orElse(null),
                config.getOptionalValue("steward.restapi.authentication.password", String.class).orElse(null));
    }

    /** Any argument may be null or blank: that credential is not configured. */
    public AuthInterceptor(String token, String username, String password) {
        this.bearer = blank(token) ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.basic = blank(username) || password == null ? null : ("Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
    }

    public boolean enabled() {
        return bearer != null || basic != null;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (!enabled() || !isMutation(method) || accepted(headers.get(AUTHORIZATION))) {
            return next.startCall(call, headers);
        }
        call.close(Status.UNAUTHENTICATED.withDescription("Authentication required: send authorization metadata "
                + "with the configured bearer token or basic credentials"), new Metadata());
        return new ServerCall.Listener<>() { };
    }

    static boolean isMutation(String fullMethodName) {
        return fullMethodName.startsWith(SERVICE) && !READS.contains(fullMethodName.substring(SERVICE.length()));
    }

    private boolean accepted(String header) {
        if (header == null) {
            return false;
        }
        byte[] given = header.trim().getBytes(StandardCharsets.UTF_8);
        return (bearer != null && MessageDigest.isEqual(bearer, given))
                | (basic != null && MessageDigest.isEqual(basic, given));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
