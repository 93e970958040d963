package io.steward.cli;

import io.steward.api.grpc.v1.ActionReply;
import io.steward.api.grpc.v1.CancelRestartRequest;
import io.steward.api.grpc.v1.CancelSwitchoverRequest;
import io.steward.api.grpc.v1.Cluster;
import io.steward.api.grpc.v1.FailoverRequest;
import io.steward.api.grpc.v1.GetClusterRequest;
import io.steward.api.grpc.v1.GetConfigRequest;
import io.steward.api.grpc.v1.GetHistoryRequest;
import io.steward.api.grpc.v1.Member;
import io.steward.api.grpc.v1.PatchConfigRequest;
import io.steward.api.grpc.v1.PauseRequest;
import io.steward.api.grpc.v1.ReinitializeRequest;
import io.steward.api.grpc.v1.ReloadRequest;
import io.steward.api.grpc.v1.RestartRequest;
import io.steward.api.grpc.v1.SwitchoverRequest;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The stewardctl commands, each a translation of the command line into one or a few Control RPCs. Commands the
 * reference would confirm interactively simply proceed ({@code --force} is accepted and changes nothing).
 */
final class Commands {

    private final ControlClient client;
    private final CliArgs args;
    private final PrintStream out;
    private final InputStream in;

    Commands(ControlClient client, CliArgs args, PrintStream out, InputStream in) {
        this.client = client;
        this.args = args;
        this.out = out;
        this.in = in;
    }

    void run(String command) {
        switch (command) {
            case "list" -> list();
            case "pause" -> pause(true);
            case "resume" -> pause(false);
            case "switchover" -> switchover();
            case "failover" -> failover();
            case "restart" -> eachMember(this::restartOne);
            case "reinit" -> reinit();
            case "reload" -> eachMember(this::reloadOne);
            case "show-config" -> out.print(ConfigEdits.jsonToYaml(
                    client.read(s -> s.getConfig(GetConfigRequest.getDefaultInstance())).getJson()));
            case "edit-config" -> editConfig();
            case "history" -> out.print(ClusterRendering.historyTable(
                    client.read(s -> s.getHistory(GetHistoryRequest.getDefaultInstance()))));
            case "flush" -> flush();
            default -> throw new UsageException("Unknown command " + command + " (try stewardctl --help)");
        }
    }

    private void list() {
        Cluster cluster = cluster();
        String format = args.option("--format");
        if (format == null || format.equals("pretty") || format.equals("table")) {
            out.print(ClusterRendering.table(cluster));
        } else if (format.equals("json")) {
            out.print(ClusterRendering.json(cluster));
        } else {
            throw new UsageException("Unknown format " + format + " (expected pretty or json)");
        }
    }

    private void pause(boolean pause) {
        noPositionals();
        PauseRequest request = PauseRequest.newBuilder().setWait(args.flag("--wait"))
                .setTimeoutSeconds(args.timeoutSeconds()).build();
        ActionReply reply = client.mutate(args.timeoutSeconds(),
                s -> pause ? s.pause(request) : s.resume(request));
        out.println(reply.getMessage());
    }

    private void switchover() {
        noPositionals();
        SwitchoverRequest request = SwitchoverRequest.newBuilder().setLeader(orEmpty(args.option("--leader")))
                .setCandidate(orEmpty(args.option("--candidate"))).setScheduledAt(scheduled())
                .setTimeoutSeconds(args.timeoutSeconds()).build();
        out.println(client.mutate(args.timeoutSeconds(), s -> s.switchover(request)).getMessage());
    }

    private void failover() {
        noPositionals();
        String candidate = args.option("--candidate");
        if (candidate == null) {
            throw new UsageException("failover needs --candidate MEMBER");
        }
        FailoverRequest request = FailoverRequest.newBuilder().setCandidate(candidate)
                .setTimeoutSeconds(args.timeoutSeconds()).build();
        out.println(client.mutate(args.timeoutSeconds(), s -> s.failover(request)).getMessage());
    }

    private String restartOne(String member) {
        RestartRequest request = RestartRequest.newBuilder().setMember(member).setPendingOnly(args.flag("--pending"))
                .setRole(orEmpty(args.option("--role"))).setScheduledAt(scheduled())
                .setTimeoutSeconds(args.timeoutSeconds()).build();
        return client.mutate(args.timeoutSeconds(), s -> s.restart(request)).getMessage();
    }

    private String reloadOne(String member) {
        ReloadRequest request = ReloadRequest.newBuilder().setMember(member).build();
        return client.mutate(0, s -> s.reload(request)).getMessage();
    }

    private void reinit() {
        if (args.positionals().size() != 1) {
            throw new UsageException("reinit needs exactly one MEMBER");
        }
        ReinitializeRequest request = ReinitializeRequest.newBuilder().setMember(args.positionals().get(0))
                .setForce(args.flag("--force")).setFromLeader(args.flag("--from-leader")).setWait(args.flag("--wait"))
                .setTimeoutSeconds(args.timeoutSeconds()).build();
        out.println(client.mutate(args.timeoutSeconds(), s -> s.reinitialize(request)).getMessage());
    }

    private void editConfig() {
        noPositionals();
        if (args.option("--apply") == null && args.all("--set").isEmpty() && args.all("--pg").isEmpty()) {
            throw new UsageException("edit-config is non-interactive: give -s key=value, -p param=value or --apply FILE");
        }
        Map<String, Object> patch = ConfigEdits.patch(args.option("--apply"), args.all("--set"), args.all("--pg"), in);
        PatchConfigRequest request = PatchConfigRequest.newBuilder().setJsonMergePatch(ConfigEdits.toJson(patch)).build();
        client.mutate(0, s -> s.patchConfig(request));
        out.println("Configuration changed");
    }

    /** {@code flush [MEMBER...] restart} cancels scheduled restarts; {@code flush [MEMBER] switchover} the switchover. */
    private void flush() {
        List<String> words = args.positionals();
        if (words.isEmpty()) {
            throw new UsageException("flush needs a target: flush MEMBER restart | flush switchover");
        }
        String target = words.get(words.size() - 1);
        if (target.equals("switchover")) {
            out.println(client.mutate(0, s -> s.cancelSwitchover(CancelSwitchoverRequest.getDefaultInstance()))
                    .getMessage());
        } else if (target.equals("restart")) {
            List<String> members = words.size() > 1 ? words.subList(0, words.size() - 1) : allMembers();
            forEach(members, m -> client.mutate(0,
                    s -> s.cancelRestart(CancelRestartRequest.newBuilder().setMember(m).build())).getMessage());
        } else {
            throw new UsageException("flush target must be restart or switchover, got " + target);
        }
    }

    /** Runs a per-member action on the named members, or on every member when none is named. */
    private void eachMember(Function<String, String> action) {
        forEach(args.positionals().isEmpty() ? allMembers() : args.positionals(), action);
    }

    private void forEach(List<String> members, Function<String, String> action) {
        String firstFailure = null;
        for (String m : members) {
            try {
                out.println(m + ": " + action.apply(m));
            } catch (RefusedException e) {
                out.println(m + ": failed: " + e.getMessage());
                firstFailure = firstFailure == null ? m + ": " + e.getMessage() : firstFailure;
            }
        }
        if (firstFailure != null) {
            throw new RefusedException(firstFailure);
        }
    }

    private List<String> allMembers() {
        return cluster().getMembersList().stream().map(Member::getName).toList();
    }

    private Cluster cluster() {
        return client.read(s -> s.getCluster(GetClusterRequest.getDefaultInstance()));
    }

    private String scheduled() {
        String t = args.option("--scheduled");
        return t == null || t.equals("now") ? "" : t;
    }

    private void noPositionals() {
        if (!args.positionals().isEmpty()) {
            throw new UsageException("Unexpected argument " + args.positionals().get(0) + " for " + args.command());
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
