/**
 * The Prometheus {@code /metrics} endpoint: counters and gauges derived from engine snapshots,
 * process metrics, written in the text exposition format 0.0.4.
 *
 * <p>Threads: a sampler thread folds successive snapshots into the counters and the HTTP
 * server's threads read them, both under the counters' lock.
 */
package net.onionbalance.metrics;
