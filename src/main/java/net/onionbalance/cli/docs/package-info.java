/**
 * Generates the man page from the picocli command tree at build time.
 *
 * <p>Threads: a build-time main only.
 */
package net.onionbalance.cli.docs;
