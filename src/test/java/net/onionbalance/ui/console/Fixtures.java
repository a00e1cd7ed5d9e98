package net.onionbalance.ui.console;

import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.RelayFingerprint;
import net.onionbalance.ring.DescriptorSlot;
import net.onionbalance.engine.InstanceState;
import net.onionbalance.engine.UploadState;
import net.onionbalance.engine.snapshot.DescriptorStatus;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.HsDirUpload;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.IntroPointOrigin;
import net.onionbalance.engine.snapshot.NetworkStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;
import net.onionbalance.engine.snapshot.TorStatus;
import net.onionbalance.logging.LogLine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;

/**
 * A realistic balancer state: two services, three instances (ok, stale, invalid), the first
 * service's first descriptor uploaded to 5 of its 8 HSDirs.
 */
final class Fixtures {
    /** Valid v3 addresses: the first two from tor/stem/arti test vectors, the others made from fixed seeds. */
    static final OnionAddress MASTER_A = OnionAddress.parse("sltib6sxkuxh2scmtuvd5w2g7pahnzkovefxpo4e4ptnkzl5kkq5h2ad");
    static final OnionAddress MASTER_B = OnionAddress.parse("paozpdhgz2okvc6kgbxvh2bnfsmt4xergrtcl4obkhopyvwxkpjzvoad");
    static final OnionAddress SRV1 = OnionAddress.parse("25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid");
    static final OnionAddress SRV2 = OnionAddress.parse("rkeohxlubhyzl7ks3mwtzos5olfgocn7dwkbeg7toseadnapn5optfad");
    static final OnionAddress SRV3 = OnionAddress.parse("qe4xodvipulv6vvdkrtmgtd6ztfy3curwtxdpis56yhvxd6jwokbr4qd");
    /** Not in the snapshot: for adding. */
    static final String NEW_INSTANCE = "5vesrrri2hbmn2xjam4jawmvmeuvsjz2lrr7snrwyfdbjlehg7iuvmyd";

    static final Instant NOW = Instant.parse("2024-06-10T14:03:22Z");
    static final TimePeriod TP = TimePeriod.containing(NOW);

    private Fixtures() {}

    static EngineSnapshot snapshot() {
        return snapshot(InstanceState.STALE);
    }

    static EngineSnapshot snapshot(InstanceState srv2State) {
        InstanceStatus srv1 = new InstanceStatus("srv1", SRV1, InstanceState.VALID, Optional.empty(),
                Optional.of(NOW.minusSeconds(123)), Optional.of(NOW.minusSeconds(3600)), 3,
                Optional.of(NOW.minusSeconds(45)));
        InstanceStatus srv2 = srv2State == InstanceState.STALE
                ? new InstanceStatus("srv2", SRV2, InstanceState.STALE,
                        Optional.of("descriptor 41m00s old (limit 30m)"), Optional.of(NOW.minusSeconds(41 * 60)),
                        Optional.of(NOW.minusSeconds(7200)), 3, Optional.of(NOW.minusSeconds(50)))
                : new InstanceStatus("srv2", SRV2, srv2State, Optional.empty(), Optional.of(NOW.minusSeconds(7)),
                        Optional.of(NOW.minusSeconds(7)), 3, Optional.of(NOW.minusSeconds(8)));
        InstanceStatus srv3 = new InstanceStatus("srv3", SRV3, InstanceState.INVALID,
                Optional.of("descriptor signature does not verify"), Optional.empty(), Optional.empty(), 0,
                Optional.of(NOW.minusSeconds(20)));

        List<IntroPointOrigin> ipsA = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ipsA.add(new IntroPointOrigin(SRV1, "srv1", "AuthKeyOfSrv1IntroPoint" + i + "xxxxxxxxxxxxxxxxxxxx=",
                    "10.0.0." + (i + 1) + ":9001"));
        }
        DescriptorStatus firstA = new DescriptorStatus(DescriptorSlot.FIRST, Optional.of(TP),
                OptionalLong.of(1718000000L), Optional.of(NOW.minusSeconds(195)), Optional.of(NOW.minusSeconds(192)),
                ipsA, uploads(5), "published");
        DescriptorStatus secondA = new DescriptorStatus(DescriptorSlot.SECOND, Optional.of(TP.next()),
                OptionalLong.of(1718000001L), Optional.of(NOW.minusSeconds(195)), Optional.of(NOW.minusSeconds(190)),
                ipsA, uploads(8), "published");
        ServiceStatus a = new ServiceStatus(MASTER_A, "published", List.of(firstA, secondA), List.of(srv1, srv2),
                List.of());
        DescriptorStatus firstB = new DescriptorStatus(DescriptorSlot.FIRST, Optional.of(TP),
                OptionalLong.empty(), Optional.of(NOW.minusSeconds(30)), Optional.empty(), List.of(), List.of(),
                "no usable intro points");
        ServiceStatus b = new ServiceStatus(MASTER_B, "no usable intro points yet", List.of(firstB,
                DescriptorStatus.never(DescriptorSlot.SECOND)), List.of(srv3), List.of("srv3 left out: invalid"));
        return new EngineSnapshot(NOW, new TorStatus(true, "127.0.0.1:9051", Optional.of("0.4.8.13"), "connected"),
                Optional.of(new NetworkStatus(NOW.minusSeconds(1800), NOW.plusSeconds(9000), true, 8)), List.of(a, b));
    }

    /** Eight HSDirs: {@code uploaded} of them took the descriptor, then one failed, one retrying, one pending. */
    static List<HsDirUpload> uploads(int uploaded) {
        List<HsDirUpload> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            UploadState st = i < uploaded ? UploadState.UPLOADED
                    : i == uploaded ? UploadState.FAILED : i == uploaded + 1 ? UploadState.RETRYING : UploadState.PENDING;
            Optional<String> reason = st == UploadState.FAILED ? Optional.of("UPLOAD_REJECTED")
                    : st == UploadState.RETRYING ? Optional.of("QUERY_NO_HSDIR") : Optional.empty();
            out.add(new HsDirUpload(new RelayFingerprint(String.format("%08X", 0xA1B2C3D0 + i).repeat(5)),
                    "hsdir" + i, st, reason, NOW.minusSeconds(180 + i), st == UploadState.RETRYING ? 2 : 1));
        }
        return out;
    }

    static List<LogLine> log() {
        return List.of(
                new LogLine(NOW.minusSeconds(60), Level.FINE, "debug: fetched descriptor of srv1"),
                new LogLine(NOW.minusSeconds(50), Level.INFO, "published first descriptor of sltib6sx"),
                new LogLine(NOW.minusSeconds(40), Level.WARNING, "srv2 is stale: descriptor 41m00s old"),
                new LogLine(NOW.minusSeconds(30), Level.SEVERE, "srv3: descriptor signature does not verify"));
    }
}
