package io.steward.api.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.steward.api.grpc.v1.ControlGrpc;
import io.steward.control.ControlService;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A real gRPC server on a free loopback port serving the Control service (and optionally more), for tests. */
public final class GrpcTestServer implements AutoCloseable {

    private final Server server;
    private final ManagedChannel channel;

    public GrpcTestServer(ControlService control, AuthInterceptor auth, io.grpc.BindableService... extra)
            throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new ControlGrpcService(control), auth));
        for (io.grpc.BindableService s : extra) {
            builder.addService(s);
        }
        server = builder.build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    public int port() {
        return server.getPort();
    }

    public String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    ManagedChannel channel() {
        return channel;
    }

    ControlGrpc.ControlBlockingStub stub() {
        return ControlGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    ControlGrpc.ControlBlockingStub stub(String authorization) {
        Metadata headers = new Metadata();
        headers.put(AuthInterceptor.AUTHORIZATION, authorization);
        return stub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
