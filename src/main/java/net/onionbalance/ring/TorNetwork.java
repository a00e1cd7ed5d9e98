package net.onionbalance.ring;

/**
 * Which timing rules tor applies: the public network's, or those of a tor started with
 * {@code TestingTorNetwork 1} (onionbalance's {@code --is-testnet}).
 */
public enum TorNetwork {
    /** Time period = consensus {@code hsdir_interval} minutes (default one day), offset 12 voting intervals. */
    PUBLIC,
    /** Time period = one SRV protocol run of 24 voting intervals, offset 12 (hs_common.c get_time_period_length). */
    TESTING
}
