package net.onionbalance.cli;

import net.onionbalance.crypto.IdentityKey;
import net.onionbalance.crypto.KeyFormat;
import net.onionbalance.status.StatusDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code onionbalance status}'s table: 80 columns at 60 and 120 instances, a summary per service, internal errors and offline key bundles. */
class StatusTableTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static String table(String json) throws Exception {
        return table(json, false);
    }

    private static String table(String json, boolean summaryOnly) throws Exception {
        StringWriter out = new StringWriter();
        StatusCommand.printTable(new PrintWriter(out, true), StatusDocument.parse(json), NOW, summaryOnly);
        return out.toString();
    }

    @Test
    void internalErrorsArePrintedFirstAndHarmlessly() throws Exception {
        String shown = table("{\"internalErrors\": {\"count\": 2, \"last\": \"tick: java.lang.OutOfMemoryError: \\u001b[2Jx\", "
                + "\"lastAt\": \"2026-12-02 05:20:00\"}, \"services\": []}");
        assertTrue(shown.replaceAll("\\s+", " ").startsWith("internal errors since start: 2 (logged, the component restarted); the last at "
                + "2026-12-02 05:20:00: tick: java.lang.OutOfMemoryError: ?[2Jx"), shown);
        assertFalse(shown.contains("\u001b"));
        shown.lines().forEach(l -> assertTrue(l.length() <= StatusCommand.WIDTH, l));
    }

    @Test
    void aServicePublishedFromAKeyBundleSaysUntilWhenAndWhatItLacks() throws Exception {
        String service = "{\"onionAddress\": \"x.onion\", \"publishAttemptFirstDescriptor\": null, "
                + "\"publishAttemptSecondDescriptor\": null, \"instances\": [], ";
        String shown = table("{\"services\": [" + service + "\"keyBundle\": {\"gaps\": [\"AFTER_BUNDLE 20431\"], "
                + "\"signsUntil\": \"2026-12-30 00:00:00\"}}]}");
        assertTrue(shown.replaceAll("\\s+", " ").contains(" offline key bundle: publishes until 2026-12-30 00:00:00 UTC; no key now for: AFTER_BUNDLE 20431"),
                shown);
        shown.lines().forEach(l -> assertTrue(l.length() <= StatusCommand.WIDTH, l));
        assertFalse(table("{\"services\": [" + service + "\"x\": 1}]}").contains("key bundle"), "a service with its key");
    }

    @Test
    void aDocumentWithoutThemPrintsNoSuchLine() throws Exception {
        assertFalse(table("{\"services\": []}").contains("internal errors"));
    }

    /**
     * A document as onionbalance 0.2.x's shape has it: instance k received k minutes ago; every
     * 20th has no descriptor (only "received"), every 30th a descriptor without intro points.
     */
    private static String document(int n, List<String> addresses) {
        SecureRandom rng = new SecureRandom();
        String master = IdentityKey.generate(rng, KeyFormat.PEM_PKCS8).onionAddress().withOnionSuffix();
        StringBuilder b = new StringBuilder("{\"services\": [{\"instances\": [");
        for (int k = 1; k <= n; k++) {
            String a = IdentityKey.generate(rng, KeyFormat.TOR_SECRET).onionAddress().withOnionSuffix();
            addresses.add(a);
            String t = net.onionbalance.time.CivilTime.format(NOW.getEpochSecond() - 60L * k);
            b.append(k > 1 ? ", " : "");
            if (k % 20 == 0) {
                b.append("{\"onionAddress\": \"").append(a).append("\", \"received\": null}");
            } else {
                b.append("{\"descriptorReceived\": \"").append(t).append("\", \"introPointsNum\": ").append(k % 30 == 0 ? 0 : 3)
                        .append(", \"introSetModified\": \"").append(t).append("\", \"onionAddress\": \"").append(a).append("\"}");
            }
        }
        b.append("], \"onionAddress\": \"").append(master).append("\", \"publishAttemptFirstDescriptor\": \"2026-12-07 11:59:30\", ")
                .append("\"publishAttemptSecondDescriptor\": \"2026-12-07 11:59:31\"}]}");
        return b.toString();
    }

    @ParameterizedTest(name = "{0} instances")
    @ValueSource(ints = {60, 120})
    void sixtyAndOneHundredTwentyInstancesFitEightyColumnsWithASummary(int n) throws Exception {
        List<String> addresses = new ArrayList<>();
        String shown = table(document(n, addresses));
        List<String> lines = shown.lines().toList();
        lines.forEach(l -> assertTrue(l.length() <= StatusCommand.WIDTH, l.length() + " columns: " + l));
        int none = n / 20;
        int empty = n / 30 - n / 60; // every 60th is also a 20th: no descriptor
        assertEquals("  " + n + " instances: " + (n - none - empty) + " ok, " + none + " without a descriptor, " + empty
                + " without intro points", lines.get(1), shown);
        assertEquals("  first descriptor:  last publish attempt 2026-12-07 11:59:30", lines.get(2));
        assertEquals(4 + 1 + n, lines.size(), "service, summary, 2 publish lines, header, one row per instance:\n" + shown);
        for (int k = 1; k <= n; k++) {
            String row = lines.get(4 + k);
            String addr = addresses.get(k - 1).replace(".onion", "");
            assertTrue(row.startsWith("  " + addr + " "), row);
            String received = k % 20 == 0 ? "-" : k < 60 ? k + "m ago" : k / 60 + "h ago";
            assertTrue(row.strip().endsWith(received), k + ": " + row);
        }
        String summary = table(document(n, new ArrayList<>()), true);
        assertEquals(2, summary.lines().count(), summary);
    }
}
