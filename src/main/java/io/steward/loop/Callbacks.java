package io.steward.loop;

import org.jboss.logging.Logger;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the configured user callbacks ({@code postgresql.callbacks.on_start} etc.) asynchronously, as
 * {@code <command> <action> <role> <scope>}, the reference implementation's convention. A slow or failing callback
 * never blocks or breaks the HA loop.
 */
public final class Callbacks implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Callbacks.class);
    private static final long TIMEOUT_SECONDS = 60;

    private final Map<String, String> commands;
    private final String scope;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "steward-callbacks");
        t.setDaemon(true);
        return t;
    });

    /** @param commands action name (on_start, on_stop, on_restart, on_reload, on_role_change) to command line */
    public Callbacks(Map<String, String> commands, String scope) {
        this.commands = Map.copyOf(commands);
        this.scope = scope;
    }

    /** Fires the callback for {@code action} if one is configured. */
    public void fire(String action, String role) {
        String command = commands.get(action);
        if (command == null || command.isBlank()) {
            return;
        }
        executor.execute(() -> run(command, action, role));
    }

    private void run(String command, String action, String role) {
        List<String> argv = new ArrayList<>(List.of(command.trim().split("\\s+")));
        argv.add(action);
        argv.add(role);
        argv.add(scope);
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null"))).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warnf("callback %s (%s) killed after %d s", action, command, TIMEOUT_SECONDS);
            } else if (p.exitValue() != 0) {
                LOG.warnf("callback %s (%s) exited with %d", action, command, p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("callback %s (%s) could not run: %s", action, command, e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
