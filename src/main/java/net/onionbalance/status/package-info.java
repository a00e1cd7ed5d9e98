/**
 * The status socket: a Unix socket that answers with the engine snapshot as JSON (onionbalance's
 * status format, extended), and the client the {@code status} command uses.
 *
 * <p>Threads: the server has its own accept thread and reads only snapshots.
 */
package net.onionbalance.status;
