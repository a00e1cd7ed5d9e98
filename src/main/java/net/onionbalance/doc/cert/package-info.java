/**
 * Tor's ed25519 certificates (cert-spec §2.1, extensions §2.2): parse, verify, build — the
 * signing-key and intro-point certificates of a v3 descriptor (rend-spec-v3 §2.4, §2.5.2.2).
 *
 * <p>Depends on {@code crypto}. Threads: immutable values.
 */
package net.onionbalance.doc.cert;
