package net.onionbalance.doc.consensus;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One router entry of a microdesc consensus (dir-spec §3.4.1): its {@code r} line's nickname and
 * identity, {@code s} flags, {@code m} microdescriptor digest, and what its {@code pr} (and
 * {@code v}) lines say about serving v3 onion-service descriptors.
 */
public final class RouterStatus {
    private final String nickname;
    private final byte[] identity;
    private final long flagBits;
    private final MicrodescDigest microdescDigest;
    private final boolean supportsHsDirV3;
    private RelayFingerprint fingerprint;

    RouterStatus(String nickname, byte[] identity, long flagBits, MicrodescDigest microdescDigest, boolean supportsHsDirV3) {
        this.nickname = nickname;
        this.identity = identity;
        this.flagBits = flagBits;
        this.microdescDigest = microdescDigest;
        this.supportsHsDirV3 = supportsHsDirV3;
    }

    public String nickname() {
        return nickname;
    }

    /** The RSA identity fingerprint (what HSPOST / HSFETCH SERVER= take). */
    public RelayFingerprint fingerprint() {
        RelayFingerprint f = fingerprint;
        if (f == null) {
            f = RelayFingerprint.of(identity);
            fingerprint = f;
        }
        return f;
    }

    /** The 20-byte identity digest. */
    public byte[] identityDigest() {
        return identity.clone();
    }

    public boolean hasFlag(RelayFlag flag) {
        return (flagBits & (1L << flag.ordinal())) != 0;
    }

    public Set<RelayFlag> flags() {
        EnumSet<RelayFlag> s = EnumSet.noneOf(RelayFlag.class);
        for (RelayFlag f : RelayFlag.values()) {
            if (hasFlag(f)) {
                s.add(f);
            }
        }
        return s;
    }

    /** The digest on the {@code m} line; empty when the entry has none. */
    public Optional<MicrodescDigest> microdescDigest() {
        return Optional.ofNullable(microdescDigest);
    }

    /**
     * True when tor would treat the relay as a v3 HSDir candidate by protocol: its {@code pr} line
     * lists {@code HSDir} version 2 (rend-spec-v3 §2.2.3), and its {@code v} line, when present, is
     * not a tor older than 0.3.0.8 (tor's versions.c, bug #22447). The HSDir flag is separate.
     */
    public boolean supportsHsDirV3() {
        return supportsHsDirV3;
    }

    @Override
    public String toString() {
        return nickname + " " + fingerprint() + " " + flags();
    }
}
