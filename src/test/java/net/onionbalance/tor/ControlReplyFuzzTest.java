package net.onionbalance.tor;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.onionbalance.testsupport.Fuzz;
import net.onionbalance.testsupport.Mutator;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzing of what comes from the control port: the reply reader (control-spec §2.3), the event
 * parser and PROTOCOLINFO. The reader may refuse with an I/O or protocol error; the event parser
 * never throws (an event it cannot read becomes an "other" event).
 */
public class ControlReplyFuzzTest {
    private static final String[] WORDS = {"250-", "250+", "250 OK", "650 ", "650-", "650+", "HS_DESC", "HS_DESC_CONTENT",
            "STATUS_CLIENT", "UPLOADED", "RECEIVED", "FAILED", "REASON=", "HSDIR_INDEX=", "METHODS=", "COOKIEFILE=\"",
            "PROTOCOLINFO 1", "AUTH", "VERSION Tor=\"", "514 Authentication required.", "\\\"", "$", "~"};

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(Mutator.corpus("control"));
    }

    @Property
    void repliesEventsAndProtocolInfo(@ForAll("seeds") byte[] seed, @ForAll long mutation) {
        read(Mutator.mutate(seed, mutation, WORDS));
    }

    /** The target (also scripts/fuzz's): bytes from the control port: replies, events, PROTOCOLINFO. */
    public static void read(byte[] wire) {
        Fuzz.onlyTypedErrors(() -> {
            ReplyReader r = new ReplyReader(new ByteArrayInputStream(wire));
            Reply reply;
            while ((reply = r.read()) != null) {
                if (reply.isAsync()) {
                    EventParser.parse(reply).toString();
                } else {
                    Reply sync = reply;
                    Fuzz.onlyTypedErrors(() -> ProtocolInfo.parse(sync), ControlProtocolException.class);
                }
            }
        }, IOException.class, ControlProtocolException.class);
    }
}
