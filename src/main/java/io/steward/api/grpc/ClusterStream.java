package io.steward.api.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.steward.api.grpc.v1.Cluster;
import io.steward.control.ControlService;
import org.jboss.logging.Logger;

/**
 * One WatchCluster call: sends the cluster now and again after every DCS change (skipping unchanged snapshots),
 * until the client cancels or a send fails. Sends are serialized; the DCS watch is closed when the call ends.
 */
final class ClusterStream {

    private static final Logger LOG = Logger.getLogger(ClusterStream.class);

    private final ControlService control;
    private final ServerCallStreamObserver<Cluster> out;
    private AutoCloseable watch;
    private Cluster lastSent;
    private boolean closed;

    private ClusterStream(ControlService control, ServerCallStreamObserver<Cluster> out) {
        this.control = control;
        this.out = out;
    }

    static ClusterStream start(ControlService control, ServerCallStreamObserver<Cluster> out) {
        ClusterStream stream = new ClusterStream(control, out);
        out.setOnCancelHandler(stream::close);
        AutoCloseable handle = control.dcs().watch("", stream::sendIfChanged);
        synchronized (stream) {
            stream.watch = handle;
            if (stream.closed) {
                stream.closeWatch();
                return stream;
            }
        }
        stream.sendIfChanged();
        return stream;
    }

    private synchronized void sendIfChanged() {
        if (closed) {
            return;
        }
        try {
            Cluster now = ProtoMapper.toProto(control.cluster());
            if (!now.equals(lastSent)) {
                out.onNext(now);
                lastSent = now;
            }
        } catch (RuntimeException e) {
            LOG.debugf("WatchCluster stream ended: %s", e.getMessage());
            failAndClose(e);
        }
    }

    private void failAndClose(RuntimeException e) {
        close();
        try {
            out.onError(GrpcErrors.toStatus(e));
        } catch (RuntimeException ignored) {
            // the call is already gone; nothing more to tell the client
        }
    }

    synchronized void close() {
        closed = true;
        closeWatch();
    }

    private void closeWatch() {
        if (watch == null) {
            return;
        }
        try {
            watch.close();
        } catch (Exception e) {
            LOG.debugf("Closing the DCS watch failed: %s", e.getMessage());
        }
        watch = null;
    }
}
