package io.steward.ha;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one HA decision.
 *
 * @param actions    steps for the executor, in order
 * @param message    the human line: log line, REST {@code ha_message}, test oracle
 * @param ifRaceLost the line to log instead when a race step (see {@link Action}) returns false, null if the list
 *                   has no race step
 */
public record Decision(List<Action> actions, String message, String ifRaceLost) {

    public Decision {
        actions = List.copyOf(actions);
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("a decision needs a message");
        }
    }

    public static Decision of(String message, Action... actions) {
        return new Decision(List.of(actions), message, null);
    }

    public static Decision of(String message, List<Action> actions) {
        return new Decision(actions, message, null);
    }

    /** Same decision, with the line to log when a race step is lost. */
    public Decision ifLost(String raceLostMessage) {
        return new Decision(actions, message, raceLostMessage);
    }

    /** Same decision with {@code first} run before the other actions. */
    public Decision after(Action first) {
        List<Action> all = new ArrayList<>(actions.size() + 1);
        all.add(first);
        all.addAll(actions);
        return new Decision(all, message, ifRaceLost);
    }

    /** Fills {@code ifRaceLost} from the first race step when the handler did not set it. */
    Decision withDefaultRaceLostLine() {
        if (ifRaceLost != null) {
            return this;
        }
        for (Action a : actions) {
            String line = raceLostLine(a);
            if (line != null) {
                return ifLost(line);
            }
        }
        return this;
    }

    private static String raceLostLine(Action a) {
        if (a instanceof Action.RenewLeader) {
            return "failed to update leader lock: another member holds it or it expired";
        }
        if (a instanceof Action.AcquireLeader) {
            return "failed to acquire leader lock: another member holds it";
        }
        if (a instanceof Action.WriteInitialize || a instanceof Action.InitializeCluster) {
            return "failed to acquire initialize lock";
        }
        if (a instanceof Action.ClearFailover) {
            return "failover key changed meanwhile; not cleared";
        }
        return null;
    }

    Decision prefixed(String prefix) {
        return new Decision(actions, prefix + message, ifRaceLost == null ? null : prefix + ifRaceLost);
    }

    public boolean has(Class<? extends Action> type) {
        return actions.stream().anyMatch(type::isInstance);
    }
}
