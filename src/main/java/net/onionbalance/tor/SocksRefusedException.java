package net.onionbalance.tor;

import java.io.IOException;
import java.util.Optional;

/** The SOCKS server answered the CONNECT with a failure code (RFC 1928 §6, REP ≠ 0). */
public final class SocksRefusedException extends IOException {
    private final int code;
    private final String target;

    public SocksRefusedException(int code, String target) {
        super(target + ": " + SocksReply.of(code).map(SocksReply::text).orElse("unknown SOCKS reply")
                + String.format(" (SOCKS reply 0x%02x)", code));
        this.code = code;
        this.target = target;
    }

    /** The raw REP byte (also when no {@link SocksReply} names it). */
    public int code() {
        return code;
    }

    public Optional<SocksReply> reply() {
        return SocksReply.of(code);
    }

    /** host:port asked for. */
    public String target() {
        return target;
    }
}
