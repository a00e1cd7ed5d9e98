package net.onionbalance.engine;

import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.logging.RecentLog;

/**
 * What the faces see of a running balancer: the latest immutable snapshot, recent log lines, and a
 * way to send commands. Never blocks: {@link #submit} queues, the engine thread executes.
 */
public interface BalancerControl {
    EngineSnapshot snapshot();

    RecentLog recentLog();

    void submit(EngineCommand command);
}
