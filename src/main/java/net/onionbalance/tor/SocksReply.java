package net.onionbalance.tor;

import java.util.Optional;

/**
 * The REP field of a SOCKS5 reply (RFC 1928 §6), plus the onion-service codes tor adds on a
 * SocksPort with the {@code ExtendedErrors} flag (proposal 304 §2.2; tor's man page, SocksPort
 * "ExtendedErrors"; tor's {@code socks5_status.h}). Each has a text an operator can read in a
 * backend's state.
 */
public enum SocksReply {
    SUCCEEDED(0x00, "succeeded"),
    GENERAL_FAILURE(0x01, "general SOCKS server failure"),
    NOT_ALLOWED(0x02, "connection not allowed by tor's rules"),
    NETWORK_UNREACHABLE(0x03, "network unreachable"),
    HOST_UNREACHABLE(0x04, "host unreachable"),
    /**
     * RFC 1928 "connection refused". An onion service's tor ends a refused stream (a served port
     * with nothing listening) with reason "misc", which the client's tor turns into 0x01; a stream
     * to a port it does not serve it ends with reason DONE, which reaches the client as this code
     * (tor 0.4.9 on the private network: HealthCheckNetworkTest).
     */
    CONNECTION_REFUSED(0x05, "connection refused by the backend"),
    TTL_EXPIRED(0x06, "TTL expired (tor gave up waiting)"),
    COMMAND_NOT_SUPPORTED(0x07, "command not supported"),
    ADDRESS_TYPE_NOT_SUPPORTED(0x08, "address type not supported"),
    /** Proposal 304: not found on the HSDirs of the hash ring. */
    ONION_DESCRIPTOR_NOT_FOUND(0xF0, "descriptor not found"),
    /** Proposal 304: cannot be parsed or its signature does not verify. */
    ONION_DESCRIPTOR_INVALID(0xF1, "descriptor invalid"),
    /** Proposal 304: the descriptor was found but the service is no longer at its intro points (changed or not running). */
    ONION_INTRO_FAILED(0xF2, "intro failed"),
    /** Proposal 304: the client could not finish the connection at the rendezvous point. */
    ONION_REND_FAILED(0xF3, "rendezvous failed"),
    ONION_MISSING_CLIENT_AUTH(0xF4, "missing client authorization"),
    ONION_WRONG_CLIENT_AUTH(0xF5, "wrong client authorization"),
    ONION_BAD_ADDRESS(0xF6, "invalid onion address"),
    /** Added with 0.4.3 (tor ticket 32542): every intro point timed out. */
    ONION_INTRO_TIMED_OUT(0xF7, "intro timed out");

    private final int code;
    private final String text;

    SocksReply(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The REP byte. */
    public int code() {
        return code;
    }

    /** What an operator reads, e.g. "intro failed". */
    public String text() {
        return text;
    }

    /** 0xF0–0xF7: tor named the onion-service step that failed (only with ExtendedErrors). */
    public boolean isOnionServiceFailure() {
        return code >= 0xF0 && code <= 0xF7;
    }

    /**
     * 0x01 and 0x04: what tor sends for every onion-service failure on a SocksPort without
     * ExtendedErrors (proposal 304 §2.1 keeps old clients on the old codes).
     */
    public boolean isGenericOnionFallback() {
        return this == GENERAL_FAILURE || this == HOST_UNREACHABLE;
    }

    /** The reply for a REP byte; empty for a value neither RFC 1928 nor tor defines. */
    public static Optional<SocksReply> of(int code) {
        for (SocksReply r : values()) {
            if (r.code == code) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** "0xf2 intro failed". */
    @Override
    public String toString() {
        return String.format("0x%02x %s", code, text);
    }
}
