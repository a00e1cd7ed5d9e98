/**
 * The microdescriptor consensus and microdescriptors (dir-spec §3.4.1, §3.3): router status
 * entries, flags, network parameters, shared random values (srv-spec §3), protocol versions —
 * what the HSDir ring needs, parsed from bytes without regular expressions.
 *
 * <p>Depends on {@code crypto} and {@code time}. Threads: immutable values.
 */
package net.onionbalance.doc.consensus;
