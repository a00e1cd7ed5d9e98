package net.onionbalance.ring;

import net.onionbalance.testsupport.TestNetwork;
import net.onionbalance.tor.ControlEndpoint;
import net.onionbalance.tor.ControlSettings;
import net.onionbalance.tor.TorController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The oracle again, on a network old enough to have shared random values: a young network's
 * consensus has none, so {@link HsDirOracleTest} checks the disaster-SRV path (rend-spec-v3
 * §2.2.3.1). Here we wait until the consensus lists both {@code shared-rand-current-value} and
 * {@code shared-rand-previous-value} (13 min after start in our run, 20 s voting intervals), then observe uploads
 * and fetches once between a new time period and a new SRV and once after a new SRV, the two
 * cases of rend-spec-v3 [FIRSTDESCUPLOAD]/[SECONDDESCUPLOAD].
 *
 * <p>Too slow for every build (18 min in our run): run with {@code mvn test -Dtest=HsDirOracleSrvTest -Doracle.srv=true}.
 */
@EnabledIfSystemProperty(named = "oracle.srv", matches = "true")
class HsDirOracleSrvTest {
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.perClass(1);

    private static final Duration SRV_WITHIN = Duration.ofMinutes(35);

    private enum Phase { BETWEEN_NEW_TP_AND_NEW_SRV, AFTER_NEW_SRV }

    @Test
    void uploadsAndFetchesMatchWithConsensusSrvsInBothPhases() throws Exception {
        NetworkView view = waitForBothSrvs();
        System.err.println("[oracle-srv] consensus has both SRVs: " + view.slots());
        Set<Phase> seen = EnumSet.noneOf(Phase.class);
        for (int round = 0; round < 4 && seen.size() < 2; round++) {
            TorUploadOracle.Observation o = TorUploadOracle.observeAfresh(NET, 1);
            NetworkView v = o.view();
            boolean consensusSrvs = v.slots().first().srvSource() != SrvSource.DISASTER
                    && v.slots().second().srvSource() != SrvSource.DISASTER;
            if (!consensusSrvs) {
                throw new AssertionError("the backend's consensus lost an SRV: " + v.slots());
            }
            HsDirOracleTest.assertUploadsMatch(o);
            HsDirOracleTest.assertFetchesMatch(NET, NET.backend(1));
            Phase p = v.slots().betweenNewTimePeriodAndNewSrv() ? Phase.BETWEEN_NEW_TP_AND_NEW_SRV : Phase.AFTER_NEW_SRV;
            seen.add(p);
            System.err.println("[oracle-srv] matched in phase " + p + " at valid-after " + v.lifetime().validAfter());
            if (seen.size() < 2) {
                sleepIntoNextPhase(v);
            }
        }
        if (seen.size() < 2) {
            throw new AssertionError("observed only " + seen);
        }
    }

    private static NetworkView waitForBothSrvs() throws Exception {
        Instant deadline = Instant.now().plus(SRV_WITHIN);
        try (TorController tor = TorController.open(ControlSettings.of(new ControlEndpoint.Tcp(NET.host(), NET.controlPort())))) {
            while (true) {
                var c = net.onionbalance.doc.consensus.MicrodescConsensus.parse(
                        tor.getInfo("dir/status-vote/current/consensus-microdesc"));
                if (c.sharedRandCurrent().isPresent() && c.sharedRandPrevious().isPresent()) {
                    return TorUploadOracle.view(tor);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("no consensus with both SRVs within " + SRV_WITHIN.toMinutes() + " min: " + c);
                }
                Thread.sleep(NET.votingInterval().toMillis());
            }
        }
    }

    /** Phases change every 12 voting intervals from the SRV run start (rend-spec-v3 §2.2.1); wait past the next change. */
    private static void sleepIntoNextPhase(NetworkView v) throws InterruptedException {
        long vi = v.slots().votingInterval().getSeconds();
        Instant runStart = v.slots().srvRunStart();
        Instant next = runStart.plusSeconds(12 * vi);
        while (!next.isAfter(Instant.now())) {
            next = next.plusSeconds(12 * vi);
        }
        // One more voting interval so that a consensus made after the change has arrived everywhere.
        Duration wait = Duration.between(Instant.now(), next).plusSeconds(2 * vi);
        System.err.println("[oracle-srv] waiting " + wait.toSeconds() + " s for the other phase");
        Thread.sleep(wait.toMillis());
    }
}
