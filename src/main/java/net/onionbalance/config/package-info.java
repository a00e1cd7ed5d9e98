/**
 * config.yaml: the model ({@link net.onionbalance.config.BalancerConfig}), the loader that reads
 * what onionbalance 0.2.x reads and our extensions ({@link net.onionbalance.config.ConfigLoader},
 * typed YAML access in {@link net.onionbalance.config.YamlTree}), the comment-keeping writer
 * ({@link net.onionbalance.config.ConfigWriter}), timings, and the environment variables we read
 * ({@link net.onionbalance.config.OnionbalanceEnvironment}, the only place that calls
 * {@code System.getenv}). The rule for instance names lives in
 * {@link net.onionbalance.config.InstanceConfig}.
 *
 * <p>Depends on {@code crypto}, {@code doc.hsdesc} (limits), {@code io}. Threads: immutable values;
 * a loaded config is handed to the engine whole.
 */
package net.onionbalance.config;
