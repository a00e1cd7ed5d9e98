package net.onionbalance.ring;

import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.MicrodescDigest;
import net.onionbalance.doc.consensus.Microdescriptors;
import net.onionbalance.doc.consensus.RelayEd25519Id;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.doc.consensus.RelayFlag;
import net.onionbalance.doc.consensus.RouterStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The relays that may sit on the v3 HSDir ring under one consensus, as tor picks them
 * (hs_common.c hs_get_responsible_hsdirs): the {@code HSDir} flag, support for HSDir protocol
 * version 2, and a microdescriptor with an ed25519 identity (without one tor has no hsdir_index
 * for the relay). Built once per consensus; each ring reuses it.
 */
public final class EligibleHsDirs {
    private final HsDir[] dirs;
    private final byte[][] ed25519Ids;
    private final int withHsDirFlag;
    private final int withoutHsDirV3;
    private final int withoutMicrodesc;
    private final int withoutEd25519Id;

    private EligibleHsDirs(HsDir[] dirs, byte[][] ed25519Ids, int withHsDirFlag, int withoutHsDirV3,
                           int withoutMicrodesc, int withoutEd25519Id) {
        this.dirs = dirs;
        this.ed25519Ids = ed25519Ids;
        this.withHsDirFlag = withHsDirFlag;
        this.withoutHsDirV3 = withoutHsDirV3;
        this.withoutMicrodesc = withoutMicrodesc;
        this.withoutEd25519Id = withoutEd25519Id;
    }

    public static EligibleHsDirs of(MicrodescConsensus consensus, Microdescriptors microdescs) {
        List<HsDir> dirs = new ArrayList<>();
        List<byte[]> ids = new ArrayList<>();
        int flagged = 0;
        int noV3 = 0;
        int noMd = 0;
        int noEd = 0;
        for (RouterStatus rs : consensus.routers()) {
            if (!rs.hasFlag(RelayFlag.HSDIR)) {
                continue;
            }
            flagged++;
            if (!rs.supportsHsDirV3()) {
                noV3++;
                continue;
            }
            MicrodescDigest d = rs.microdescDigest().orElse(null);
            if (d == null) {
                noMd++;
                continue;
            }
            RelayEd25519Id ed = microdescs.ed25519Id(rs).orElse(null);
            if (ed == null) {
                // Either we lack its microdescriptor or it lists no ed25519 id: tor skips it either way.
                noEd++;
                continue;
            }
            dirs.add(new HsDir(rs.fingerprint(), rs.nickname()));
            ids.add(ed.bytes());
        }
        return new EligibleHsDirs(dirs.toArray(new HsDir[0]), ids.toArray(new byte[0][]), flagged, noV3, noMd, noEd);
    }

    /**
     * The relays whose microdescriptors the ring needs under {@code consensus}: those that pass
     * every test but the ed25519 id. What to ask tor for with {@code GETINFO md/id/<fingerprint>}
     * instead of every microdescriptor it holds ({@code md/all}); in consensus order.
     */
    public static List<RelayFingerprint> candidates(MicrodescConsensus consensus) {
        List<RelayFingerprint> out = new ArrayList<>();
        for (RouterStatus rs : consensus.routers()) {
            if (rs.hasFlag(RelayFlag.HSDIR) && rs.supportsHsDirV3() && rs.microdescDigest().isPresent()) {
                out.add(rs.fingerprint());
            }
        }
        return out;
    }

    /** The eligible relays, in consensus order. */
    public List<HsDir> relays() {
        return List.of(dirs);
    }

    public int size() {
        return dirs.length;
    }

    /** Routers with the HSDir flag, eligible or not. */
    public int withHsDirFlag() {
        return withHsDirFlag;
    }

    /** HSDir-flagged routers left out because they do not support HSDir protocol version 2. */
    public int withoutHsDirV3() {
        return withoutHsDirV3;
    }

    /** HSDir-flagged v3 routers left out because their entry has no {@code m} line. */
    public int withoutMicrodescDigest() {
        return withoutMicrodesc;
    }

    /** HSDir-flagged v3 routers left out for want of a microdescriptor with an ed25519 identity. */
    public int withoutEd25519Id() {
        return withoutEd25519Id;
    }

    HsDir dir(int i) {
        return dirs[i];
    }

    byte[] ed25519Id(int i) {
        return ed25519Ids[i];
    }

    @Override
    public String toString() {
        return dirs.length + " eligible HSDirs of " + withHsDirFlag + " with the HSDir flag ("
                + withoutHsDirV3 + " without HSDir=2 support, " + withoutMicrodesc + " without m line, "
                + withoutEd25519Id + " without a microdescriptor ed25519 id)";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EligibleHsDirs e) || e.dirs.length != dirs.length || !Arrays.equals(e.dirs, dirs)) {
            return false;
        }
        for (int i = 0; i < dirs.length; i++) {
            if (!Arrays.equals(e.ed25519Ids[i], ed25519Ids[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dirs);
    }
}
