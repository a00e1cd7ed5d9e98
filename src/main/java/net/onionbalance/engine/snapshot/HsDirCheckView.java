package net.onionbalance.engine.snapshot;

import net.onionbalance.engine.HsDirVerdict;

import java.time.Instant;

/**
 * The last check of one HSDir's copy of our master descriptor.
 *
 * @param repairs uploads made again to this HSDir because a check found it absent, older or not ours, since start
 */
public record HsDirCheckView(HsDirVerdict verdict, Instant at, long repairs) {}
