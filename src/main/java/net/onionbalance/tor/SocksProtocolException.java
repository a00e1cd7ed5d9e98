package net.onionbalance.tor;

import java.io.IOException;

/** The peer did not speak SOCKS5 as RFC 1928 / RFC 1929 say (wrong version, method refused, bad address type). */
public final class SocksProtocolException extends IOException {
    public SocksProtocolException(String message) {
        super(message);
    }
}
