package net.onionbalance.testsupport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `mvn test` is the quick loop (unit tests only) and `mvn verify` adds the network tests; the
 * split is the name patterns in pom.xml's surefire executions. This keeps the two lists the same
 * and every test class that starts a private Tor network, a balancer process, tmux or a Debian
 * chroot on the network side, so a slow class cannot creep into the quick loop unnoticed.
 */
class TestSplitTest {
    /** What a test class uses when it needs more than a JVM: one of these means "network test". */
    private static final List<String> NETWORK_MARKERS = List.of(
            "TestNetwork.", "BalancerProcess", "TmuxSession", "debootstrap", "DebianChroot");

    @Test
    void unitExcludesAndNetworkIncludesAreTheSamePatterns() throws IOException {
        List<String> excludes = patterns("default-test", "exclude");
        List<String> includes = patterns("network-tests", "include");
        assertFalse(excludes.isEmpty(), "pom.xml: default-test has no <exclude> patterns");
        assertEquals(excludes, includes, "pom.xml: the unit run's excludes and the network run's includes differ");
    }

    @Test
    void everyClassThatStartsANetworkRunsOnlyInVerify() throws IOException {
        List<PathMatcher> network = patterns("network-tests", "include").stream()
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
                .toList();
        List<String> misplaced = new ArrayList<>();
        Path root = Path.of("src/test/java");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("Test.java")).toList()) {
                String text = Files.readString(f);
                boolean usesNetwork = NETWORK_MARKERS.stream().anyMatch(text::contains);
                boolean onNetworkSide = network.stream().anyMatch(m -> m.matches(f));
                if (usesNetwork && !onNetworkSide && !f.getFileName().toString().equals("TestSplitTest.java")) {
                    misplaced.add(root.relativize(f).toString());
                }
            }
        }
        assertTrue(misplaced.isEmpty(), "these start a network, a balancer, tmux or a chroot but run in `mvn test`: "
                + misplaced + "; name them after one of pom.xml's network patterns");
    }

    /** The {@code <kind>} patterns of one surefire execution of pom.xml, in order. */
    private static List<String> patterns(String executionId, String kind) throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher execution = Pattern.compile("<id>" + Pattern.quote(executionId) + "</id>(.*?)</execution>", Pattern.DOTALL)
                .matcher(pom);
        assertTrue(execution.find(), "pom.xml has no surefire execution " + executionId);
        Matcher each = Pattern.compile("<" + kind + ">([^<]+)</" + kind + ">").matcher(execution.group(1));
        List<String> out = new ArrayList<>();
        while (each.find()) {
            out.add(each.group(1).strip());
        }
        return out;
    }
}
