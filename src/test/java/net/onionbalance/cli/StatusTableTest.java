package net.onionbalance.cli;

import net.onionbalance.status.StatusDocument;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code onionbalance status}'s table: the supervisor's internal errors and offline key bundles, when the document has them. */
class StatusTableTest {
    private static String table(String json) throws Exception {
        StringWriter out = new StringWriter();
        StatusCommand.printTable(new PrintWriter(out, true), StatusDocument.parse(json));
        return out.toString();
    }

    @Test
    void internalErrorsArePrintedFirstAndHarmlessly() throws Exception {
        String shown = table("{\"internalErrors\": {\"count\": 2, \"last\": \"tick: java.lang.OutOfMemoryError: \\u001b[2Jx\", "
                + "\"lastAt\": \"2026-12-02 05:20:00\"}, \"services\": []}");
        assertTrue(shown.startsWith("internal errors since start: 2 (logged, the component restarted); the last at "
                + "2026-12-02 05:20:00: tick: java.lang.OutOfMemoryError: ?[2Jx"), shown);
        assertFalse(shown.contains("\u001b"));
    }

    @Test
    void aServicePublishedFromAKeyBundleSaysUntilWhenAndWhatItLacks() throws Exception {
        String service = "{\"onionAddress\": \"x.onion\", \"publishAttemptFirstDescriptor\": null, "
                + "\"publishAttemptSecondDescriptor\": null, \"instances\": [], ";
        String shown = table("{\"services\": [" + service + "\"keyBundle\": {\"gaps\": [\"AFTER_BUNDLE 20431\"], "
                + "\"signsUntil\": \"2026-12-30 00:00:00\"}}]}");
        assertTrue(shown.contains("  offline key bundle: publishes until 2026-12-30 00:00:00 UTC; no key now for: AFTER_BUNDLE 20431"),
                shown);
        assertFalse(table("{\"services\": [" + service + "\"x\": 1}]}").contains("key bundle"), "a service with its key");
    }

    @Test
    void aDocumentWithoutThemPrintsNoSuchLine() throws Exception {
        assertFalse(table("{\"services\": []}").contains("internal errors"));
    }
}
