/**
 * Descriptor slots (first/second descriptor: time period and SRV, rend-spec-v3 §2.2.1, §2.2.4)
 * and the HSDir hash ring: which relays are responsible for a blinded key (§2.2.3,
 * hsdir_n_replicas, hsdir_spread_store).
 *
 * <p>Depends on {@code doc.consensus} and {@code crypto}. Threads: immutable values; the engine
 * recomputes them once per consensus on its own thread.
 */
package net.onionbalance.ring;
