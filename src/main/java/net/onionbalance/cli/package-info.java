/**
 * The picocli commands only: {@code run} (default), {@code key}, {@code descriptor}, {@code hsdirs},
 * {@code config}, {@code client-auth}, {@code bundle}, {@code status}. {@link net.onionbalance.cli.Main}
 * is the entry point; starting the balancer and the console is wired in {@code net.onionbalance.app}.
 *
 * <p>Threads: the main thread parses arguments and runs one command.
 */
package net.onionbalance.cli;
