package net.onionbalance.tor;

/** The Action of an {@code HS_DESC} event (control-spec §4.1.25). */
public enum HsDescAction {
    REQUESTED, UPLOAD, RECEIVED, UPLOADED, IGNORE, FAILED, CREATED
}
