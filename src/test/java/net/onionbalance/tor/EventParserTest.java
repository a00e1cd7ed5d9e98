package net.onionbalance.tor;

import net.onionbalance.doc.consensus.RelayFingerprint;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events in the shapes of control-spec §4.1 and of a tor observed on a private network. */
class EventParserTest {
    private static final String ADDR = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid";
    private static final String FP = "14A2A6B29E6C7A9A8B3D6A0C3B0E6F6D7A8B9C0D";
    private static final String BLINDED = "vsBjPC1D+NCuZE4f6IL9oYqRGcyyaGWp3jYjcwhXxXE";

    private static TorEvent parse(String wire) throws Exception {
        Reply r = new ReplyReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8))).read();
        return EventParser.parse(r);
    }

    @Test
    void hsDescRequested() throws Exception {
        TorEvent e = parse("650 HS_DESC REQUESTED " + ADDR + " NO_AUTH $" + FP + "~hsdir7 " + BLINDED
                + " HSDIR_INDEX=0A1B2C\r\n");
        assertEquals(new TorEvent.HsDescEvent(HsDescAction.REQUESTED, ADDR, "NO_AUTH", Optional.of(new RelayFingerprint(FP)),
                Optional.of("hsdir7"), Optional.of(BLINDED), Optional.empty(), OptionalInt.empty(), Optional.of("0A1B2C")), e);
    }

    @Test
    void hsDescFailedWithReason() throws Exception {
        var e = (TorEvent.HsDescEvent) parse("650 HS_DESC FAILED " + ADDR + " NO_AUTH $" + FP + "=relay " + BLINDED
                + " REASON=NOT_FOUND REPLICA=1\r\n");
        assertEquals(HsDescAction.FAILED, e.action());
        assertEquals(Optional.of(HsDescReason.NOT_FOUND), e.reason());
        assertEquals(OptionalInt.of(1), e.replica());
        assertEquals(Optional.of("relay"), e.hsDirNickname());
    }

    @Test
    void hsDescWithoutHsDirOrDescriptorId() throws Exception {
        var e = (TorEvent.HsDescEvent) parse("650 HS_DESC FAILED " + ADDR + " NO_AUTH UNKNOWN REASON=QUERY_NO_HSDIR\r\n");
        assertEquals(Optional.empty(), e.hsDir());
        assertEquals(Optional.empty(), e.descriptorId());
        assertEquals(Optional.of(HsDescReason.QUERY_NO_HSDIR), e.reason());
    }

    @Test
    void hsDescUploadedByTheBalancer() throws Exception {
        // Observed: uploads through HSPOST carry "UNKNOWN" as auth type and no descriptor id.
        var e = (TorEvent.HsDescEvent) parse("650 HS_DESC UPLOADED " + ADDR + " UNKNOWN $" + FP + "~nick\r\n");
        assertEquals(HsDescAction.UPLOADED, e.action());
        assertEquals(ADDR, e.address());
        assertEquals(Optional.of(new RelayFingerprint(FP)), e.hsDir());
    }

    @Test
    void unknownReasonIsKeptNotFatal() throws Exception {
        var e = (TorEvent.HsDescEvent) parse("650 HS_DESC FAILED " + ADDR + " NO_AUTH UNKNOWN REASON=SOMETHING_NEW\r\n");
        assertEquals(Optional.of(HsDescReason.UNRECOGNIZED), e.reason());
    }

    @Test
    void hsDescContentWithDescriptor() throws Exception {
        var e = (TorEvent.HsDescContentEvent) parse("650+HS_DESC_CONTENT " + ADDR + " " + BLINDED + " $" + FP + "~nick\r\n"
                + "hs-descriptor 3\r\ndescriptor-lifetime 180\r\n..dotted\r\n.\r\n650 OK\r\n");
        assertEquals(ADDR, e.address());
        assertEquals(BLINDED, e.descriptorId());
        assertEquals(Optional.of(new RelayFingerprint(FP)), e.hsDir());
        assertEquals("hs-descriptor 3\ndescriptor-lifetime 180\n.dotted", e.descriptor());
        assertFalse(e.failed());
    }

    @Test
    void emptyHsDescContentMeansFailure() throws Exception {
        var e = (TorEvent.HsDescContentEvent) parse("650+HS_DESC_CONTENT " + ADDR + " " + BLINDED + " UNKNOWN\r\n.\r\n650 OK\r\n");
        assertTrue(e.failed());
        assertEquals(Optional.empty(), e.hsDir());
    }

    @Test
    void statusClientConsensusArrived() throws Exception {
        var e = (TorEvent.StatusClientEvent) parse("650 STATUS_CLIENT NOTICE CONSENSUS_ARRIVED\r\n");
        assertTrue(e.isConsensusArrived());
        assertEquals("NOTICE", e.severity());
        var b = (TorEvent.StatusClientEvent) parse("650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"\r\n");
        assertEquals(Map.of("PROGRESS", "100", "TAG", "done", "SUMMARY", "Done"), b.args());
        assertFalse(b.isConsensusArrived());
    }

    @Test
    void signalAndOtherEvents() throws Exception {
        assertEquals(new TorEvent.SignalEvent("RELOAD"), parse("650 SIGNAL RELOAD\r\n"));
        var o = assertInstanceOf(TorEvent.OtherEvent.class, parse("650 BW 1024 2048\r\n"));
        assertEquals("BW", o.eventType());
    }

    @Test
    void malformedTypedEventIsKeptAsOther() throws Exception {
        var o = assertInstanceOf(TorEvent.OtherEvent.class, parse("650 HS_DESC REQUESTED onlytwo\r\n"));
        assertEquals("HS_DESC", o.eventType());
        assertInstanceOf(TorEvent.OtherEvent.class, parse("650 HS_DESC DANCED " + ADDR + " NO_AUTH UNKNOWN\r\n"));
        assertInstanceOf(TorEvent.OtherEvent.class, parse("650 HS_DESC FAILED " + ADDR + " NO_AUTH $NOTHEX\r\n"));
    }
}
