package net.onionbalance.engine;

import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyBlinding;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.hsdesc.MasterDescriptorBuilder;
import net.onionbalance.doc.hsdesc.RandomIntroPoints;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HsDirCheckTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");
    private final IdentityKey master = IdentityKey.generate(RNG, KeyFormat.PEM_PKCS8);
    private final TimePeriod tp = TimePeriod.containing(NOW);

    private String build(IdentityKey key, long revision) throws Exception {
        return MasterDescriptorBuilder.build(key, tp, revision, RandomIntroPoints.generate(3, RNG, NOW.plus(Duration.ofHours(50))),
                NOW, RNG).text();
    }

    private HsDirVerdict judge(Optional<String> served, String sent, long revision) {
        return HsDirCheck.judge(served, sent, revision, KeyBlinding.blindPublicKey(master.onionAddress().publicKey(), tp)).verdict();
    }

    @Test
    void eachCaseGetsItsVerdict() throws Exception {
        String ours = build(master, 500);
        assertEquals(HsDirVerdict.HOLDS_OURS, judge(Optional.of(ours), ours, 500));
        assertEquals(HsDirVerdict.HOLDS_OURS, judge(Optional.of(ours.stripTrailing()), ours, 500),
                "the same signed document, handed back without its final newline by the control port");
        assertEquals(HsDirVerdict.ABSENT, judge(Optional.empty(), ours, 500));
        assertEquals(HsDirVerdict.ABSENT, judge(Optional.of(""), ours, 500));
        assertEquals(HsDirVerdict.OLDER_REVISION, judge(Optional.of(build(master, 499)), ours, 500));
        assertEquals(HsDirVerdict.OTHER_PUBLISHER, judge(Optional.of(build(master, 501)), ours, 500));
        assertEquals(HsDirVerdict.OTHER_PUBLISHER, judge(Optional.of(build(master, 500)), ours, 500),
                "same revision, other content: another obhost in the same second");
        assertEquals(HsDirVerdict.FOREIGN, judge(Optional.of(build(IdentityKey.generate(RNG, KeyFormat.PEM_PKCS8), 9999)), ours, 500));
        assertEquals(HsDirVerdict.FOREIGN, judge(Optional.of("hs-descriptor 3\ngarbage\n"), ours, 500));
    }
}
