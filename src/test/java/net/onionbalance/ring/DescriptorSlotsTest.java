package net.onionbalance.ring;

import net.onionbalance.crypto.SharedRandom;
import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.consensus.MicrodescConsensus;
import net.onionbalance.doc.consensus.NetDocException;
import net.onionbalance.doc.consensus.SyntheticNetwork;
import net.onionbalance.testsupport.SharedVectors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The [FIRSTDESCUPLOAD]/[SECONDDESCUPLOAD] table of rend-spec-v3 §2.2.4, as tor applies it. */
class DescriptorSlotsTest {
    private static final byte[] CURRENT = SyntheticNetwork.filled(0x11);
    private static final byte[] PREVIOUS = SyntheticNetwork.filled(0x22);

    private static DescriptorSlots at(String validAfter) throws NetDocException {
        return DescriptorSlots.of(MicrodescConsensus.parse(
                new SyntheticNetwork().validAfter(Instant.parse(validAfter)).hsDir(1).consensus()), TorNetwork.PUBLIC);
    }

    @Test
    void afterNewSrvBeforeNewTimePeriod() throws Exception {
        // 10:00 UTC: the SRV changed at 00:00, the time period changes at 12:00.
        DescriptorSlots s = at("2016-04-13T10:00:00Z");
        assertFalse(s.betweenNewTimePeriodAndNewSrv());
        assertEquals(16903, s.currentTimePeriod().number()); // hs_common.json: 2016-04-13 11:00 is in 16903
        assertEquals(16903, s.first().timePeriod().number());
        assertArrayEquals(PREVIOUS, s.first().srv());
        assertEquals(SrvSource.CONSENSUS_PREVIOUS, s.first().srvSource());
        assertEquals(16904, s.second().timePeriod().number());
        assertArrayEquals(CURRENT, s.second().srv());
        assertEquals(SrvSource.CONSENSUS_CURRENT, s.second().srvSource());
        assertEquals(Instant.parse("2016-04-13T00:00:00Z"), s.srvRunStart());
    }

    @Test
    void afterNewTimePeriodBeforeNewSrv() throws Exception {
        DescriptorSlots s = at("2016-04-13T13:00:00Z");
        assertTrue(s.betweenNewTimePeriodAndNewSrv());
        assertEquals(16904, s.currentTimePeriod().number());
        assertEquals(16903, s.first().timePeriod().number());
        assertArrayEquals(PREVIOUS, s.first().srv());
        assertEquals(16904, s.second().timePeriod().number());
        assertArrayEquals(CURRENT, s.second().srv());
    }

    @Test
    void boundariesBelongToTheNewPhase() throws Exception {
        assertTrue(at("2016-04-13T12:00:00Z").betweenNewTimePeriodAndNewSrv(), "12:00 starts the new time period");
        assertTrue(at("2016-04-13T23:00:00Z").betweenNewTimePeriodAndNewSrv());
        assertFalse(at("2016-04-14T00:00:00Z").betweenNewTimePeriodAndNewSrv(), "00:00 brings the new SRV");
        assertFalse(at("2016-04-13T11:00:00Z").betweenNewTimePeriodAndNewSrv());
    }

    @Test
    void publicTimePeriodNumbersMatchTorVectors() throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) ((Map<String, Object>)
                SharedVectors.json("hs_common.json").get("time_periods")).get("cases");
        for (Map<String, Object> c : cases) {
            String t = c.get("time_utc").toString();
            Instant at = Instant.parse(t);
            // Consensuses start on the hour; the period of the hour that contains the time.
            Instant hour = Instant.ofEpochSecond(at.getEpochSecond() - at.getEpochSecond() % 3600);
            DescriptorSlots s = at(hour.toString());
            assertEquals(((Number) c.get("period_num")).longValue(), s.currentTimePeriod().number(), t);
            if (c.containsKey("next_period_start_utc")) {
                assertEquals(Instant.parse(c.get("next_period_start_utc").toString()), s.currentTimePeriod().end(), t);
            }
        }
    }

    @Test
    void hsdirIntervalParamChangesThePeriodLength() throws Exception {
        DescriptorSlots s = DescriptorSlots.of(MicrodescConsensus.parse(new SyntheticNetwork()
                .validAfter(Instant.parse("2016-04-13T10:00:00Z")).params("hsdir_interval=720").hsDir(1).consensus()),
                TorNetwork.PUBLIC);
        assertEquals(720, s.currentTimePeriod().lengthMinutes());
    }

    @Test
    void testNetworkUsesTheConsensusVotingInterval() throws Exception {
        // hs_common.json testing_network_cases: voting interval 10 s => 4-minute periods, offset 120 s.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                SharedVectors.json("hs_common.json").get("time_periods")).get("testing_network_cases")).get("cases");
        for (Map<String, Object> c : cases) {
            Instant at = Instant.parse(c.get("time_utc").toString());
            DescriptorSlots s = DescriptorSlots.of(MicrodescConsensus.parse(
                    new SyntheticNetwork().validAfter(at).votingInterval(10).hsDir(1).consensus()), TorNetwork.TESTING);
            assertEquals(4, s.currentTimePeriod().lengthMinutes());
            assertEquals(Duration.ofSeconds(120), s.currentTimePeriod().rotationOffset());
            assertEquals(Instant.parse(c.get("next_period_start_utc").toString()), s.currentTimePeriod().end());
        }
        // onionbalance's --is-testnet hard-codes 20 s; a chutney-style 20 s interval gives 8-minute periods.
        DescriptorSlots s20 = DescriptorSlots.of(MicrodescConsensus.parse(
                new SyntheticNetwork().validAfter(Instant.parse("2024-05-01T10:00:00Z")).votingInterval(20).hsDir(1).consensus()),
                TorNetwork.TESTING);
        assertEquals(8, s20.currentTimePeriod().lengthMinutes());
        assertEquals(Duration.ofSeconds(20), s20.votingInterval());
    }

    @Test
    void testNetworkSlotsFollowTheSrvRunOf24Intervals() throws Exception {
        // Voting interval 10 s: SRV runs start every 240 s, time periods at 120 s past them.
        Instant runStart = Instant.ofEpochSecond(1_700_000_160L); // a multiple of 240 s
        DescriptorSlots early = slotsOnTestNet(runStart.plusSeconds(50));
        assertFalse(early.betweenNewTimePeriodAndNewSrv());
        assertEquals(runStart, early.srvRunStart());
        assertEquals(early.currentTimePeriod(), early.first().timePeriod());
        DescriptorSlots late = slotsOnTestNet(runStart.plusSeconds(130));
        assertTrue(late.betweenNewTimePeriodAndNewSrv());
        assertEquals(late.currentTimePeriod().previous(), late.first().timePeriod());
        assertEquals(late.currentTimePeriod(), late.second().timePeriod());
    }

    private static DescriptorSlots slotsOnTestNet(Instant validAfter) throws NetDocException {
        return DescriptorSlots.of(MicrodescConsensus.parse(
                new SyntheticNetwork().validAfter(validAfter).votingInterval(10).hsDir(1).consensus()), TorNetwork.TESTING);
    }

    @Test
    void tooShortTestNetworkIntervalIsAnError() throws Exception {
        MicrodescConsensus c = MicrodescConsensus.parse(
                new SyntheticNetwork().validAfter(Instant.parse("2024-05-01T10:00:00Z")).votingInterval(2).hsDir(1).consensus());
        NetDocException e = assertThrows(NetDocException.class, () -> DescriptorSlots.of(c, TorNetwork.TESTING));
        assertTrue(e.getMessage().contains("2 s"), e.getMessage());
    }

    @Test
    void missingSrvsFallBackToTheDisasterSrvOfEachSlotsPeriod() throws Exception {
        DescriptorSlots s = DescriptorSlots.of(MicrodescConsensus.parse(new SyntheticNetwork()
                .validAfter(Instant.parse("2016-04-13T10:00:00Z")).srvs(null, null).hsDir(1).consensus()), TorNetwork.PUBLIC);
        for (SlotTiming t : List.of(s.first(), s.second())) {
            assertEquals(SrvSource.DISASTER, t.srvSource());
            assertArrayEquals(SharedRandom.disasterSrv(t.timePeriod()), t.srv());
        }
        // Different periods, different disaster values.
        assertFalse(java.util.Arrays.equals(s.first().srv(), s.second().srv()));
        TimePeriod first = s.first().timePeriod();
        assertEquals(16903, first.number());
    }
}
