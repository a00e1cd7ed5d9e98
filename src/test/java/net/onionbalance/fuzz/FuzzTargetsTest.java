package net.onionbalance.fuzz;

import net.onionbalance.testsupport.Mutator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every fuzz target runs its whole checked-in seed corpus without a finding: the corpus
 * scripts/fuzz starts from is there, and the targets it hands Jazzer work.
 */
class FuzzTargetsTest {
    @ParameterizedTest
    @EnumSource(FuzzTargets.class)
    void theSeedCorpusRunsClean(FuzzTargets target) throws Exception {
        List<byte[]> seeds = Mutator.corpus(target.corpus());
        assertFalse(seeds.isEmpty(), "src/test/resources/fuzz/" + target.corpus() + " is empty");
        for (byte[] seed : seeds) {
            target.run(seed);
        }
    }
}
