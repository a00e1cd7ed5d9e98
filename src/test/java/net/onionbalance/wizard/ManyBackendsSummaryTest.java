package net.onionbalance.wizard;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wizard's closing message box at 60 backends: short enough for a screen, and it says what visitors see. */
class ManyBackendsSummaryTest {
    static WrittenDeployment planned(int n, int introPoints) throws Exception {
        ServiceRequest s = new ServiceRequest(Optional.empty(), n, "node", 80, ServiceTarget.parse("127.0.0.1:80"), ClientsRequest.NONE,
                introPoints);
        DeploymentPlan plan = DeploymentPlan.prepare(new DeploymentRequest(Path.of("/tmp/not-written"), List.of(s),
                DeploymentRequest.DEFAULT_HS_DIR_ROOT, false), new SecureRandom());
        return new WrittenDeployment(plan, Path.of("/tmp/not-written"), Optional.empty(), plan.entryNames());
    }

    @Test
    void sixtyBackendsGiveARangeAndTheVisitorNotesInAScreenfulOfLines() throws Exception {
        String box = WizardScreen.wrap(WizardScreen.summary(planned(60, 2)), 76);
        List<String> lines = box.lines().toList();
        assertTrue(lines.size() <= 20, lines.size() + " lines:\n" + box);
        assertTrue(box.contains("srv1/ .. srv60/  node1 .. node60  (60 backends; addresses in config.yaml"), box);
        assertTrue(box.replace("\n", " ").contains("each visitor sees the backends of the descriptor it fetched, up to 10 at a time"), box);
        assertTrue(box.replace("\n", " ").contains("distinct-descriptors: off under the service in config.yaml would cap it at 10"), box);
    }

    @Test
    void tenBackendsAreListedOneByOneWithoutNotes() throws Exception {
        WrittenDeployment w = planned(10, 2);
        String box = WizardScreen.summary(w);
        for (InstanceBundle b : w.plan().bundles()) {
            assertTrue(box.contains(b.bundleName() + "/  " + b.instanceName() + "  " + b.address().withOnionSuffix()), box);
        }
        assertEquals(List.of(), w.plan().services().get(0).visitorNotes());
    }

    @Test
    void oneHundredTwentyAtOneIntroPointSayTwentyAtATime() throws Exception {
        String box = WizardScreen.summary(planned(120, 1)).replace("\n", " ");
        assertTrue(box.contains("intro-points-per-instance: 1"), box);
        assertTrue(box.contains("up to 20 at a time") && box.contains("would cap it at 20 backends"), box);
    }
}
