/**
 * Logging through java.util.logging, the one logging API of the project: set-up
 * ({@link net.onionbalance.logging.LogSetup}), onionbalance's Python-style line format, levels
 * named as onionbalance names them, a reopenable file handler (SIGHUP, logrotate) and the recent
 * lines the console's log pane shows ({@link net.onionbalance.logging.RecentLog}).
 *
 * <p>Depends on nothing of ours. Threads: handlers are called from any logging thread and are
 * thread-safe; RecentLog hands out copies.
 */
package net.onionbalance.logging;
