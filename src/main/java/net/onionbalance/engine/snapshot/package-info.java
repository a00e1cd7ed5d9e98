/**
 * The immutable record tree the engine publishes after each change: services, instances,
 * descriptors, per-HSDir uploads, tor and network status. The console, status socket and
 * metrics read only this.
 *
 * <p>Threads: built on the engine thread, read from any thread behind an AtomicReference.
 */
package net.onionbalance.engine.snapshot;
