package net.onionbalance.engine.snapshot;

import net.onionbalance.doc.consensus.RelayFingerprint;

import java.util.List;

/**
 * One distinct descriptor of a slot, when the backends need more intro points than one
 * descriptor holds: the HSDirs that get it and its intro points.
 *
 * @param fetchHsDirs     the HSDirs among those clients fetch from that get this descriptor
 * @param storeOnlyHsDirs HSDirs that store it without clients asking them (yet)
 */
public record DescriptorGroup(List<RelayFingerprint> fetchHsDirs, List<RelayFingerprint> storeOnlyHsDirs,
                              List<IntroPointOrigin> introPoints) {
    public DescriptorGroup {
        fetchHsDirs = List.copyOf(fetchHsDirs);
        storeOnlyHsDirs = List.copyOf(storeOnlyHsDirs);
        introPoints = List.copyOf(introPoints);
    }
}
