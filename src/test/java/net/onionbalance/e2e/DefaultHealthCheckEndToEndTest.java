package net.onionbalance.e2e;

import net.onionbalance.config.HealthCheckSettings;
import net.onionbalance.testsupport.BalancerProcess;
import net.onionbalance.testsupport.TestNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health checks by default (issue 30, item 5): a config.yaml in onionbalance 0.2.x's form, as
 * onionbalance-config writes it (no {@code health-check:}), on the private network. Nothing in
 * it names the backends' port, yet a backend whose tor is killed leaves the master descriptor the
 * HSDirs serve within a check interval's few rounds, and live backends, asked for a port they do
 * not serve, are judged up all along. Testnet timings: a check every 10 s, down after 3.
 */
class DefaultHealthCheckEndToEndTest {
    @RegisterExtension
    static final TestNetwork NET = TestNetwork.perClass(3);

    @TempDir
    Path tmp;

    @Test
    void withoutHealthCheckInTheConfigADeadBackendLeavesTheMasterAndLiveOnesStay() throws Exception {
        String yaml = Files.readString(NET.configYaml());
        assertFalse(yaml.contains("health-check"), "the config as onionbalance-config writes it:\n" + yaml);
        List<String> args = List.of("--is-testnet", "-c", NET.configYaml().toString(), "-i", NET.host(),
                "-p", Integer.toString(NET.controlPort()), "-s", tmp.resolve("no-system-tor").toString(), "-v", "info");
        TestNetwork.Backend node1 = NET.backend(1);
        try (BalancerProcess ob = BalancerProcess.start(tmp.resolve("ob.log"), args)) {
            String announced = ob.awaitLogLine(l -> l.contains("services without 'health-check:'"), Duration.ofSeconds(30));
            assertTrue(announced.contains("every 10 s") && announced.contains("'health-check: off'"), announced);
            ob.awaitNthLogLine(l -> l.contains("Published the") && l.contains("node1×") && l.contains("node2×")
                    && l.contains("node3×"), 2, Duration.ofSeconds(90));
            NET.fetchUntilOk(NET.masterAddress(), Duration.ofSeconds(90));
            // Live backends, asked for port 1 which none serves: several rounds of checks, nobody down.
            Thread.sleep(35_000);
            assertEquals(0, ob.countLogLines(l -> l.contains("Health: ") && l.contains("-> down")), "live backends judged down:\n" + ob.log());

            NET.awaitWithinOneTimePeriod(Duration.ofSeconds(90));
            Set<String> node1Keys = MasterOnHsDirs.introKeysOf(NET, node1);
            Set<String> othersKeys = new java.util.HashSet<>(MasterOnHsDirs.introKeysOf(NET, NET.backend(2)));
            othersKeys.addAll(MasterOnHsDirs.introKeysOf(NET, NET.backend(3)));
            Instant killed = Instant.now();
            NET.stopBackend(1);
            Duration publicInterval = HealthCheckSettings.PUBLIC_INTERVAL;
            double gone = MasterOnHsDirs.secondsUntilGone(NET, killed, node1Keys, Duration.ofSeconds(120));
            String down = ob.awaitLogLine(l -> l.contains("Health: " + node1.onion()) && l.contains("-> down"), Duration.ofSeconds(5));
            System.out.printf("FIGURE no health-check: in config.yaml, backend tor killed: its intro points left the master "
                    + "descriptor on every HSDir after %.1f s (testnet: a check every 10 s, down after 3; the public interval "
                    + "is %d s); %s%n", gone, publicInterval.toSeconds(), down.substring(down.indexOf("Health:")));
            assertTrue(gone > 0 && gone <= publicInterval.toSeconds(), "gone after " + gone + " s; balancer log:\n" + ob.log());
            List<Set<String>> after = MasterOnHsDirs.masterDescriptorsOnHsDirs(NET);
            assertTrue(!after.isEmpty() && after.stream().allMatch(d -> !Collections.disjoint(d, othersKeys)),
                    "the live backends stay in every descriptor: " + after);
            assertEquals(1, ob.countLogLines(l -> l.contains("Health: ") && l.contains("-> down")),
                    "only the dead backend was judged down:\n" + ob.log());
        }
    }
}
