package net.onionbalance.doc.hsdesc;

/** More intro points than tor clients accept in one descriptor (rend-spec-v3 §2.5.4: at most 20). */
public final class TooManyIntroPointsException extends DescriptorBuildException {
    private final int introPointCount;

    public TooManyIntroPointsException(int introPointCount) {
        super(introPointCount + " intro points were selected for the master descriptor, but tor clients reject "
                + "descriptors with more than " + InnerLayer.MAX_INTRO_POINTS
                + "; use fewer backend instances or fewer intro points per instance");
        this.introPointCount = introPointCount;
    }

    public int introPointCount() {
        return introPointCount;
    }
}
