package net.onionbalance.tor;

/** Authentication methods tor lists in {@code PROTOCOLINFO} (control-spec §3.21), best first. */
public enum AuthMethod {
    NULL, SAFECOOKIE, COOKIE, HASHEDPASSWORD
}
