package net.onionbalance.engine.snapshot;

import java.time.Instant;

/** The consensus the HSDir rings were computed from. */
public record NetworkStatus(Instant validAfter, Instant validUntil, boolean reasonablyLive, int hsDirCount) {}
