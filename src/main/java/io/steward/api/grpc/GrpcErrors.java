package io.steward.api.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.steward.control.ControlException;

/** Maps control-plane refusals onto gRPC statuses, keeping the one-line message as the description. */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    public static Status.Code codeFor(ControlException.Kind kind) {
        return switch (kind) {
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
            case ABORTED -> Status.Code.ABORTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
            case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
            case PERMISSION_DENIED -> Status.Code.PERMISSION_DENIED;
            case INTERNAL -> Status.Code.INTERNAL;
        };
    }

    /** The status a failed call ends with: refusals keep their kind, anything unexpected is INTERNAL. */
    public static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof ControlException e) {
            return Status.fromCode(codeFor(e.kind())).withDescription(e.getMessage()).asRuntimeException();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return Status.INTERNAL.withDescription("Internal error: " + message).withCause(t).asRuntimeException();
    }
}
