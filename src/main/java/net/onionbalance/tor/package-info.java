/**
 * Tor control-port client (torspec control-spec): {@link net.onionbalance.tor.TorController}
 * connects over TCP or a Unix socket ({@link net.onionbalance.tor.ControlEndpoint}), authenticates
 * with the best method tor offers, sends typed commands with a timeout each, delivers typed
 * {@link net.onionbalance.tor.TorEvent}s on its own thread, and reconnects by itself.
 *
 * <p>Threads: the caller's thread writes commands; one reader thread per connection parses
 * replies ({@code ReplyReader}); one event thread per controller runs listeners; one short-lived
 * thread reconnects after a loss. Errors are checked {@link net.onionbalance.tor.ControlException}s.
 */
package net.onionbalance.tor;
