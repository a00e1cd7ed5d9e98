package net.onionbalance.ring;

import net.onionbalance.doc.consensus.RelayFingerprint;

import java.util.Objects;

/** A relay acting as hidden-service directory: what HSPOST and HSFETCH name, and what people read. */
public record HsDir(RelayFingerprint fingerprint, String nickname) {
    public HsDir {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(nickname, "nickname");
    }

    /** "$FINGERPRINT~nickname", the control-port LongName form (control-spec §2.4). */
    public String longName() {
        return "$" + fingerprint.hex() + "~" + nickname;
    }

    @Override
    public String toString() {
        return longName();
    }
}
