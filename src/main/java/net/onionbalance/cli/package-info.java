/**
 * The picocli commands only: {@code run} (default), {@code key}, {@code descriptor}, {@code hsdirs},
 * {@code config}, {@code client-auth}, {@code bundle}, {@code status}. {@link net.onionbalance.cli.Main}
 * is the entry point; a command that runs the balancer hands its flags as
 * {@link net.onionbalance.app.RunOptions} to {@code net.onionbalance.app}, which wires the run.
 *
 * <p>Threads: the main thread parses arguments and runs one command.
 */
package net.onionbalance.cli;
