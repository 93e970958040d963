#!/usr/bin/env python3
"""A client of Steward's gRPC API written in another language: generates Python stubs from the project's .proto
with grpc_tools.protoc, then pauses the cluster, checks GetCluster reports it, and resumes.

usage: pause_client.py <proto_dir> <host:port>
Prints one line per step; exits non-zero on any failure.
"""
import importlib
import os
import sys
import tempfile


def main():
    proto_dir, target = sys.argv[1], sys.argv[2]
    out = tempfile.mkdtemp(prefix="steward-py-")
    from grpc_tools import protoc
    rc = protoc.main(["protoc", "-I" + proto_dir, "--python_out=" + out, "--grpc_python_out=" + out,
                      os.path.join(proto_dir, "steward.proto")])
    if rc != 0:
        print("protoc failed with", rc)
        return 2
    sys.path.insert(0, out)
    import grpc
    pb = importlib.import_module("steward_pb2")
    stubs = importlib.import_module("steward_pb2_grpc")
    with grpc.insecure_channel(target) as channel:
        control = stubs.ControlStub(channel)
        reply = control.Pause(pb.PauseRequest(wait=True, timeout_seconds=30), timeout=60)
        print("pause:", reply.message)
        cluster = control.GetCluster(pb.GetClusterRequest(), timeout=10)
        print("paused after pause:", cluster.paused, "members:", len(cluster.members))
        if not cluster.paused:
            return 1
        reply = control.Resume(pb.PauseRequest(wait=True, timeout_seconds=30), timeout=60)
        print("resume:", reply.message)
        cluster = control.GetCluster(pb.GetClusterRequest(), timeout=10)
        print("paused after resume:", cluster.paused)
        if cluster.paused:
            return 1
        try:
            control.Pause(pb.PauseRequest(), timeout=10)
            control.Pause(pb.PauseRequest(), timeout=10)
            print("second pause was not refused")
            return 1
        except grpc.RpcError as e:
            print("second pause refused:", e.code().name, e.details())
            if e.code() != grpc.StatusCode.FAILED_PRECONDITION:
                return 1
        finally:
            control.Resume(pb.PauseRequest(wait=True, timeout_seconds=30), timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
