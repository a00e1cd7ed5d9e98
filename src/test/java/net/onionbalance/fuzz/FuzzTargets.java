package net.onionbalance.fuzz;

import net.onionbalance.config.ConfigFuzzTest;
import net.onionbalance.crypto.KeyFileFuzzTest;
import net.onionbalance.doc.consensus.ConsensusFuzzTest;
import net.onionbalance.doc.hsdesc.DescriptorFuzzTest;
import net.onionbalance.status.StatusDocumentFuzzTest;
import net.onionbalance.tor.ControlReplyFuzzTest;

/**
 * Every fuzz target, with the folder of its checked-in seed corpus
 * ({@code src/test/resources/fuzz/<corpus>/}). The bodies live beside the jqwik properties
 * that run them briefly in every test run ({@code *FuzzTest}); {@code scripts/fuzz} runs them
 * for longer under Jazzer ({@link JazzerTarget}), guided by coverage. Each body fails (an
 * {@link AssertionError}) only when something other than the parser's typed error escapes.
 */
public enum FuzzTargets {
    OUTER("outer", DescriptorFuzzTest::outer),
    MIDDLE("middle", DescriptorFuzzTest::middle),
    INNER("inner", DescriptorFuzzTest::inner),
    CERTIFICATE("certs", DescriptorFuzzTest::certificate),
    CONSENSUS("consensus", ConsensusFuzzTest::consensus),
    MICRODESCS("microdescs", ConsensusFuzzTest::microdescs),
    CONTROL("control", ControlReplyFuzzTest::read),
    CONFIG("config", ConfigFuzzTest::load),
    KEYS("keys", KeyFileFuzzTest::load),
    CLIENTKEYS("clientkeys", KeyFileFuzzTest::clientKeys),
    STATUS("status", StatusDocumentFuzzTest::parse);

    /** One input through the target. */
    @FunctionalInterface
    public interface Body {
        void run(byte[] input) throws Exception;
    }

    private final String corpus;
    private final Body body;

    FuzzTargets(String corpus, Body body) {
        this.corpus = corpus;
        this.body = body;
    }

    /** The seed corpus folder's name under {@code src/test/resources/fuzz/}. */
    public String corpus() {
        return corpus;
    }

    public void run(byte[] input) throws Exception {
        body.run(input);
    }
}
