package io.steward.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.steward.api.grpc.v1.Cluster;
import io.steward.api.grpc.v1.ControlGrpc;
import io.steward.api.grpc.v1.ControlGrpc.ControlBlockingStub;
import io.steward.api.grpc.v1.GetClusterRequest;
import io.steward.api.grpc.v1.Member;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * stewardctl's connection to the cluster: one gRPC channel (plaintext or TLS) per known endpoint. Reads go to the first
 * reachable endpoint; mutations go to the leader first (found through GetCluster's members' api addresses) and fall
 * over to any reachable member. Only a transport failure (nothing answered) moves on to the next endpoint; an answer
 * from a server, even a refusal, is final.
 */
final class ControlClient implements AutoCloseable {

    private static final long READ_DEADLINE_SECONDS = 10;
    private static final long MUTATION_MARGIN_SECONDS = 15;
    private static final long DEFAULT_MUTATION_SECONDS = 60;
    /** grpc-java's description when the peer closed the connection without an HTTP/2 answer. */
    private static final String NETWORK_CLOSED = "Network closed for unknown reason";

    private final List<String> endpoints;
    private final Metadata headers;
    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
    private final ChannelCredentials credentials;
    private final boolean plaintext;

    ControlClient(List<String> endpoints, String authorization, ChannelCredentials credentials) {
        if (endpoints.isEmpty()) {
            throw new UsageException("No endpoint: give -c <config.yml> or --endpoint host:port");
        }
        this.endpoints = List.copyOf(endpoints);
        this.credentials = credentials;
        this.plaintext = credentials instanceof InsecureChannelCredentials;
        this.headers = new Metadata();
        if (authorization != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        }
    }

    /** A read-only call on the first endpoint that answers. */
    <T> T read(Function<ControlBlockingStub, T> call) {
        return firstAnswer(endpoints, READ_DEADLINE_SECONDS, call);
    }

    /** A mutating call, leader first; {@code timeoutSeconds} is the server-side wait (0: the server's default). */
    <T> T mutate(int timeoutSeconds, Function<ControlBlockingStub, T> call) {
        long deadline = (timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_MUTATION_SECONDS) + MUTATION_MARGIN_SECONDS;
        return firstAnswer(leaderFirst(), deadline, call);
    }

    private List<String> leaderFirst() {
        Cluster cluster = read(stub -> stub.getCluster(GetClusterRequest.getDefaultInstance()));
        List<String> ordered = new ArrayList<>();
        cluster.getMembersList().stream().filter(m -> m.getName().equals(cluster.getLeader()))
                .map(ControlClient::apiEndpoint).filter(e -> e != null).forEach(ordered::add);
        endpoints.stream().filter(e -> !ordered.contains(e)).forEach(ordered::add);
        cluster.getMembersList().stream().map(ControlClient::apiEndpoint)
                .filter(e -> e != null && !ordered.contains(e)).forEach(ordered::add);
        return ordered;
    }

    static String apiEndpoint(Member m) {
        if (m.getApiUrl().isEmpty()) {
            return null;
        }
        try {
            URI uri = URI.create(m.getApiUrl());
            return uri.getHost() == null || uri.getPort() < 0 ? null : uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private <T> T firstAnswer(List<String> targets, long deadlineSeconds, Function<ControlBlockingStub, T> call) {
        List<String> failures = new ArrayList<>();
        for (String target : targets) {
            ControlBlockingStub stub = ControlGrpc.newBlockingStub(channel(target))
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
            try {
                return call.apply(stub);
            } catch (StatusRuntimeException e) {
                if (!isTransportFailure(e.getStatus())) {
                    throw new RefusedException(describe(e.getStatus()));
                }
                failures.add(target + " (" + describe(e.getStatus()) + ")");
            }
        }
        throw new UsageException("Cannot reach the cluster: " + String.join(", ", failures));
    }

    /**
     * Nothing answered: the connection failed before any server produced a status, or the peer closed it without a
     * word (what a plaintext client sees from an agent that serves TLS only).
     */
    static boolean isTransportFailure(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE
                && (status.getCause() != null || NETWORK_CLOSED.equals(status.getDescription()));
    }

    private String describe(Status status) {
        if (isTransportFailure(status) && status.getCause() == null) {
            return plaintext ? "the agent closed the connection; if it serves TLS, use a ctl section, --cacert FILE"
                    + " or --tls" : "the agent closed the connection";
        }
        if (isTransportFailure(status) && status.getCause().getMessage() != null) {
            return status.getCause().getMessage();
        }
        String d = status.getDescription();
        if (d == null || d.isBlank()) {
            return status.getCause() != null && status.getCause().getMessage() != null
                    ? status.getCause().getMessage() : status.getCode().name();
        }
        return d.lines().findFirst().orElse(d);
    }

    private ManagedChannel channel(String target) {
        return channels.computeIfAbsent(target, t -> Grpc.newChannelBuilder(t, credentials).build());
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel c : channels.values()) {
            try {
                c.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
