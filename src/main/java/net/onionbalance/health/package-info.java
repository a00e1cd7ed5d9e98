/**
 * Active health checks of backend onion services through tor (issue 20, "Fast failover").
 *
 * <p>Beside the engine: it uses {@code tor} (SOCKS client, SocksPort discovery), {@code config}
 * (the {@code health-check:} settings) and {@code crypto} (addresses); the engine depends on it,
 * never the other way round. {@link net.onionbalance.health.HealthChecker} runs the checks on its
 * own threads and hands each {@link net.onionbalance.health.HealthResult} to a callback; the
 * engine folds results into immutable {@link net.onionbalance.health.HealthState}s on its own
 * thread.
 */
package net.onionbalance.health;
