package io.steward.loop;

import io.steward.model.Tags;

/**
 * Who this agent is in the cluster: names and the addresses it publishes in its member key.
 *
 * @param connUrl PostgreSQL address for other members, e.g. {@code postgres://127.0.0.1:5433/postgres}
 * @param apiUrl  base URL of this agent's REST API, e.g. {@code http://127.0.0.1:8008}
 */
public record NodeIdentity(String name, String scope, Tags tags, String connUrl, String apiUrl) {
}
