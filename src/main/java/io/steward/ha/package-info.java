/**
 * The HA brain: {@link io.steward.ha.HaDecider#decide} turns one tick's observations into actions and one message.
 *
 * <h2>What the loop fills in</h2>
 * <ul>
 *   <li>{@code ClusterView}: a linearizable {@code Dcs.read()}; when the read fails, the last view it had and
 *       {@code LocalView.dcsReachable = false}.</li>
 *   <li>{@code LocalView}: probes of the local PostgreSQL (state, role, timeline, LSN, pg_controldata system id,
 *       primary_conninfo's upstream, pending_restart), the lease deadline ({@code leaseValid}), the runner's current
 *       action, the pending API request (a scheduled restart too: {@code Restart.scheduledAt}),
 *       {@code pgDownSince} (set when PostgreSQL is first seen down while this node is primary or holds the lock,
 *       cleared when it runs again), {@code rewindNeeded} (computed against the leader when this node does not lead
 *       and was a primary, is stopped after a crash, or {@code justResumed}), {@code peerLsns} (probe every other
 *       member's REST API when nobody holds the lock; leave unreachable ones out), {@code justResumed} (set when the
 *       config's pause flag goes from true to false, cleared once
 *       {@link io.steward.ha.HaDecider#resumeChecksComplete} is true).</li>
 *   <li>{@code HaSettings}: this node's local values; {@code decide} applies the DCS config over them.</li>
 * </ul>
 *
 * <h2>How the loop executes a decision</h2>
 * <ul>
 *   <li>Run the actions in order; log {@code message} (INFO) and publish it as {@code ha_message}.</li>
 *   <li>Race steps ({@code AcquireLeader}, {@code RenewLeader}, {@code InitializeCluster}, {@code WriteInitialize},
 *       {@code ClearFailover}) return a compare-and-set result: on false skip the remaining actions, log
 *       {@code ifRaceLost} instead, and run the next tick at once.</li>
 *   <li>Long steps ({@code InitializeCluster}, {@code CloneFrom}, {@code StartAsReplica}, {@code RestartPostgres},
 *       {@code Promote}, {@code Rewind}, {@code Reinitialize}) go to the single-slot runner under a short name
 *       (reported back as {@code runnerBusy}); the steps after a long one run in the runner after it.</li>
 *   <li>Before {@code Promote} re-check the lease deadline; skip the promotion if it passed.</li>
 *   <li>{@code RestartPostgres}, {@code Reinitialize} and {@code DropRequest} consume the pending request.</li>
 *   <li>A {@code DcsUnavailable} from any step ends the tick; the next tick observes {@code dcsReachable=false}.</li>
 *   <li>Writing the member key (including {@code pause: true} while paused) is the loop's job on every tick.</li>
 * </ul>
 */
package io.steward.ha;
