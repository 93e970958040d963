package io.steward.agent;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native-image registration for the classes that Apache Ratis 3.3.0 and its shaded gRPC/Netty (ratis-thirdparty-misc)
 * create by name at run time. A JVM finds them on the class path; a native image only contains what is registered.
 *
 * <ul>
 *   <li>RPC and data-stream factories: {@code SupportedRpcType.GRPC} and {@code SupportedDataStreamType.DISABLED}
 *       resolve a class name and call its {@code (Parameters)} constructor.</li>
 *   <li>{@code RaftServer.Builder} and {@code RaftStorage.Builder} look up the static factory methods
 *       {@code ServerImplUtils.newRaftServer} and {@code StorageImplUtils.newRaftStorage} by name.</li>
 *   <li>{@code LogAppender} and {@code TransactionContext.Builder} instantiate their default implementations.</li>
 *   <li>{@code MetricRegistries} and the shaded gRPC provider registries use {@link java.util.ServiceLoader}; the
 *       {@code META-INF/services} files themselves are included by {@code resource-config.json} next to
 *       {@code native-image.properties}.</li>
 *   <li>Exceptions travel between peers by class name and are rebuilt with their {@code (String)} constructor
 *       ({@code GrpcUtil}, {@code ClientProtoUtils}).</li>
 *   <li>The shaded gRPC server/channel builders create Netty NIO channels through a reflective channel factory.</li>
 * </ul>
 *
 * <p>{@code NativeRegistrationTest} loads every name listed here and checks that every service provider declared by
 * the Ratis jars is covered, so a Ratis upgrade that renames a class fails a plain JVM test rather than a native run.
 */
@RegisterForReflection(
        methods = true,
        fields = false,
        targets = {
            org.apache.ratis.grpc.GrpcFactory.class,
            org.apache.ratis.client.DisabledDataStreamClientFactory.class,
            org.apache.ratis.server.DisabledDataStreamServerFactory.class,
            org.apache.ratis.server.impl.ServerImplUtils.class,
            org.apache.ratis.server.storage.StorageImplUtils.class,
            org.apache.ratis.statemachine.impl.TransactionContextImpl.class,
            org.apache.ratis.metrics.impl.MetricRegistriesImpl.class,
            org.apache.ratis.protocol.exceptions.AlreadyClosedException.class,
            org.apache.ratis.protocol.exceptions.AlreadyExistsException.class,
            org.apache.ratis.protocol.exceptions.ChecksumException.class,
            org.apache.ratis.protocol.exceptions.DataStreamException.class,
            org.apache.ratis.protocol.exceptions.GroupMismatchException.class,
            org.apache.ratis.protocol.exceptions.LeaderNotReadyException.class,
            org.apache.ratis.protocol.exceptions.LeaderSteppingDownException.class,
            org.apache.ratis.protocol.exceptions.NotLeaderException.class,
            org.apache.ratis.protocol.exceptions.NotReplicatedException.class,
            org.apache.ratis.protocol.exceptions.RaftException.class,
            org.apache.ratis.protocol.exceptions.RaftRetryFailureException.class,
            org.apache.ratis.protocol.exceptions.ReadException.class,
            org.apache.ratis.protocol.exceptions.ReadIndexException.class,
            org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException.class,
            org.apache.ratis.protocol.exceptions.ReconfigurationTimeoutException.class,
            org.apache.ratis.protocol.exceptions.ResourceUnavailableException.class,
            org.apache.ratis.protocol.exceptions.ServerNotReadyException.class,
            org.apache.ratis.protocol.exceptions.SetConfigurationException.class,
            org.apache.ratis.protocol.exceptions.StaleReadException.class,
            org.apache.ratis.protocol.exceptions.StateMachineException.class,
            org.apache.ratis.protocol.exceptions.StreamException.class,
            org.apache.ratis.protocol.exceptions.TimeoutIOException.class,
            org.apache.ratis.protocol.exceptions.TransferLeadershipException.class,
            org.apache.ratis.thirdparty.io.grpc.netty.NettyServerProvider.class,
            org.apache.ratis.thirdparty.io.grpc.netty.NettyChannelProvider.class,
            org.apache.ratis.thirdparty.io.grpc.netty.UdsNettyChannelProvider.class,
            org.apache.ratis.thirdparty.io.grpc.netty.UdsNameResolverProvider.class,
            org.apache.ratis.thirdparty.io.grpc.internal.DnsNameResolverProvider.class,
            org.apache.ratis.thirdparty.io.grpc.internal.PickFirstLoadBalancerProvider.class,
            org.apache.ratis.thirdparty.io.grpc.util.OutlierDetectionLoadBalancerProvider.class,
            org.apache.ratis.thirdparty.io.netty.channel.socket.nio.NioServerSocketChannel.class,
            org.apache.ratis.thirdparty.io.netty.channel.socket.nio.NioSocketChannel.class
        },
        classNames = {
            // not public, or nested: named rather than referenced
            "org.apache.ratis.server.leader.LogAppenderDefault",
            "org.apache.ratis.thirdparty.io.grpc.util.SecretRoundRobinLoadBalancerProvider$Provider",
            "org.apache.ratis.thirdparty.io.grpc.util.RandomSubsettingLoadBalancerProvider"
        })
final class NativeRegistration {

    private NativeRegistration() {
    }
}
