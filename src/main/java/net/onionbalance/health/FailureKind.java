package net.onionbalance.health;

/** Why a check failed, grouped by what an operator would do about it. */
public enum FailureKind {
    /** Tor named the onion-service step that failed (SOCKS 0xF0–0xF7, proposal 304): the backend's tor or its intro points. */
    ONION_SERVICE,
    /**
     * The backend's tor runs, but nothing listens behind its HiddenServicePort: SOCKS 0x05, or 0x01
     * on a port known to have ExtendedErrors (the backend's tor ends such a stream with reason "misc").
     */
    REFUSED_BY_BACKEND,
    /** SOCKS 0x01/0x04: an onion-service failure on a SocksPort without ExtendedErrors, so tor does not say which. */
    SOCKS_GENERIC,
    /** Another SOCKS failure code (RFC 1928 §6), e.g. tor's own SocksTimeout (0x06). */
    SOCKS_OTHER,
    /** No answer within the check's timeout. */
    TIMEOUT,
    /** The stream opened but the HTTP answer was missing, malformed or had a status outside the expected range. */
    HTTP,
    /**
     * The balancer's own tor could not be asked (SocksPort unreachable, not SOCKS5, closed on us).
     * Says nothing about the backend: it must not count against it.
     */
    LOCAL_TOR,
    /**
     * A check without a port ({@code HealthCheckSettings.liveness}) met a backend restricted to
     * authorized clients (SOCKS 0xF4/0xF5) that this obhost's tor holds no key for: tor found its
     * descriptor but cannot reach its intro points, so the check says nothing about it either way.
     */
    CANNOT_JUDGE;

    /** Whether the failure counts towards marking the backend down. */
    public boolean blamesBackend() {
        return this != LOCAL_TOR && this != CANNOT_JUDGE;
    }
}
