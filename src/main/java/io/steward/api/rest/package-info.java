/**
 * The agent's Patroni-compatible REST API, served on the application's one HTTP port ({@link
 * io.steward.api.rest.RestApi} observes Quarkus' Vert.x {@code Router}).
 *
 * <h2>Health checks (GET, HEAD, OPTIONS; 200 or 503; Patroni's status document on GET)</h2>
 * <ul>
 *   <li>{@code /}, {@code /primary}, {@code /master}, {@code /read-write}: the lock holder running as primary
 *       (a parallel primary without the lock answers 503, paused or not; paused with the DCS unreachable, a running
 *       primary answers 200 as in Patroni).</li>
 *   <li>{@code /leader}: holds the leader lock. {@code /standby-leader}: always 503 (no standby clusters).</li>
 *   <li>{@code /replica}: running replica without noloadbalance; {@code ?lag=} (bytes or 16kB/1MB, against the
 *       leader's optime and the replayed position), {@code ?replication_state=streaming}, {@code ?tag_<k>=<v>}.</li>
 *   <li>{@code /read-only}: the primary check or the replica check. {@code /health}: PostgreSQL running.</li>
 *   <li>{@code /sync}, {@code /synchronous}: always 503, Steward has no synchronous replication mode;
 *       {@code /async}, {@code /asynchronous}: the replica check (every replica is asynchronous).</li>
 *   <li>{@code /liveness}: the HA loop ticked within ttl (2*ttl unless running as primary), always 200 while
 *       paused. {@code /readiness}: the lock holder, or a running streaming replica within
 *       maximum_lag_on_failover ({@code ?lag=}, {@code ?mode=write} as in Patroni).</li>
 * </ul>
 * Every health answer carries its reason in the {@code X-Steward-Reason} header. A malformed {@code lag} is 400.
 *
 * <h2>Operator endpoints</h2>
 * GET {@code /patroni} ({@code /status}), {@code /cluster}, {@code /history}, {@code /config}; PATCH and PUT
 * {@code /config} (JSON bodies and JSON errors); POST {@code /switchover}, {@code /failover}, {@code /restart},
 * {@code /reinitialize}, {@code /reload}; DELETE {@code /switchover}, {@code /restart} (Patroni's plain-text
 * answers). Restart, reinitialize and reload act on this agent's own member. Mutating calls require the configured
 * basic credentials or bearer token (401 with {@code WWW-Authenticate} otherwise); reads are open.
 */
package io.steward.api.rest;
