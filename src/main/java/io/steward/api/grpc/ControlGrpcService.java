package io.steward.api.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.steward.api.grpc.v1.ActionReply;
import io.steward.api.grpc.v1.CancelRestartRequest;
import io.steward.api.grpc.v1.CancelSwitchoverRequest;
import io.steward.api.grpc.v1.Cluster;
import io.steward.api.grpc.v1.ConfigDocument;
import io.steward.api.grpc.v1.ControlGrpc;
import io.steward.api.grpc.v1.FailoverRequest;
import io.steward.api.grpc.v1.GetClusterRequest;
import io.steward.api.grpc.v1.GetConfigRequest;
import io.steward.api.grpc.v1.GetHistoryRequest;
import io.steward.api.grpc.v1.GetMemberRequest;
import io.steward.api.grpc.v1.History;
import io.steward.api.grpc.v1.MemberStatus;
import io.steward.api.grpc.v1.PatchConfigRequest;
import io.steward.api.grpc.v1.PauseRequest;
import io.steward.api.grpc.v1.ReinitializeRequest;
import io.steward.api.grpc.v1.ReloadRequest;
import io.steward.api.grpc.v1.ReplaceConfigRequest;
import io.steward.api.grpc.v1.RestartRequest;
import io.steward.api.grpc.v1.SwitchoverRequest;
import io.steward.api.grpc.v1.WatchClusterRequest;
import io.steward.control.ConfigRules;
import io.steward.control.ControlException;
import io.steward.control.ControlService;
import jakarta.inject.Inject;

import java.util.function.Supplier;

import static io.steward.api.grpc.ProtoMapper.emptyToNull;
import static io.steward.api.grpc.ProtoMapper.instant;
import static io.steward.api.grpc.ProtoMapper.timeout;

/**
 * The steward.v1.Control service: a thin adapter over {@link ControlService}. Calls block (they may wait for the
 * cluster), so they run on worker threads; refusals become gRPC statuses via {@link GrpcErrors}.
 */
@GrpcService
@Blocking
public class ControlGrpcService extends ControlGrpc.ControlImplBase {

    private final ControlService control;

    @Inject
    public ControlGrpcService(ControlService control) {
        this.control = control;
    }

    @Override
    public void getCluster(GetClusterRequest request, StreamObserver<Cluster> out) {
        unary(out, () -> ProtoMapper.toProto(control.cluster()));
    }

    @Override
    public void getMember(GetMemberRequest request, StreamObserver<MemberStatus> out) {
        unary(out, () -> MemberStatus.newBuilder()
                .setMember(ProtoMapper.toProto(control.member(request.getName()))).build());
    }

    @Override
    public void pause(PauseRequest request, StreamObserver<ActionReply> out) {
        unary(out, () -> {
            control.pause(request.getWait(), timeout(request.getTimeoutSeconds()));
            return reply("Success: cluster management is paused");
        });
    }

    @Override
    public void resume(PauseRequest request, StreamObserver<ActionReply> out) {
        unary(out, () -> {
            control.resume(request.getWait(), timeout(request.getTimeoutSeconds()));
            return reply("Success: cluster management is resumed");
        });
    }

    @Override
    public void switchover(SwitchoverRequest request, StreamObserver<ActionReply> out) {
        unary(out, () -> reply(control.switchover(emptyToNull(request.getLeader()),
                emptyToNull(request.getCandidate()), instant(request.getScheduledAt()),
                timeout(request.getTimeoutSeconds()))));
    }

    @Override
    public void failover(FailoverRequest request, StreamObserver<ActionReply> out) {
        unary(out, () -> reply(control.failover(emptyToNull(request.getCandidate()),
                timeout(request.getTimeoutSeconds()))));
    }

    @Override
    public void cancelSwitchover(CancelSwitchoverRequest request, StreamObserver<ActionReply> out) {
        unary(out, () -> {
            control.cancelSwitchover();
            return reply("Success: scheduled switchover deleted");
        });
    }

    @Override
    public void restart(RestartRequest request, StreamObserver<ActionReply> out) {
        unary(out, () -> reply(control.restart(request.getMember(), request.getPendingOnly(),
                emptyToNull(request.getRole()), instant(request.getScheduledAt()),
                timeout(request.getTimeoutSeconds()))));
    }

    @Override
    public void cancelRestart(CancelRestartRequest request, StreamObserver<ActionReply> out) {
        unary(out, () -> {
            if (!control.cancelRestart(request.getMember())) {
                throw new ControlException(ControlException.Kind.NOT_FOUND,
                        "No scheduled restart on member " + request.getMember());
            }
            return reply("Success: scheduled restart of " + request.getMember() + " deleted");
        });
    }

    @Override
    public void reinitialize(ReinitializeRequest request, StreamObserver<ActionReply> out) {
        unary(out, () -> reply(control.reinitialize(request.getMember(), request.getForce(),
                request.getFromLeader(), request.getWait(), timeout(request.getTimeoutSeconds()))));
    }

    @Override
    public void reload(ReloadRequest request, StreamObserver<ActionReply> out) {
        unary(out, () -> reply(control.reload(request.getMember())));
    }

    @Override
    public void getConfig(GetConfigRequest request, StreamObserver<ConfigDocument> out) {
        unary(out, () -> document(ConfigRules.toJson(control.config())));
    }

    @Override
    public void patchConfig(PatchConfigRequest request, StreamObserver<ConfigDocument> out) {
        unary(out, () -> document(ConfigRules.toJson(
                control.patchConfig(ConfigRules.parseJsonObject(request.getJsonMergePatch())))));
    }

    @Override
    public void replaceConfig(ReplaceConfigRequest request, StreamObserver<ConfigDocument> out) {
        unary(out, () -> document(ConfigRules.toJson(
                control.replaceConfig(ConfigRules.parseJsonObject(request.getJson())))));
    }

    @Override
    public void getHistory(GetHistoryRequest request, StreamObserver<History> out) {
        unary(out, () -> ProtoMapper.toProto(control.history()));
    }

    @Override
    public void watchCluster(WatchClusterRequest request, StreamObserver<Cluster> out) {
        ClusterStream.start(control, (ServerCallStreamObserver<Cluster>) out);
    }

    private static <T> void unary(StreamObserver<T> out, Supplier<T> body) {
        T result;
        try {
            result = body.get();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }

    private static ActionReply reply(String message) {
        return ActionReply.newBuilder().setMessage(message).build();
    }

    private static ConfigDocument document(String json) {
        return ConfigDocument.newBuilder().setJson(json).build();
    }
}
