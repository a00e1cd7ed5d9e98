package net.onionbalance.doc.hsdesc;

/** The built descriptor exceeds what HSDirs store (the consensus parameter HSV3MaxDescriptorSize, default 50,000 bytes). */
public final class DescriptorTooLargeException extends DescriptorBuildException {
    private final int sizeBytes;
    private final int introPointCount;

    public DescriptorTooLargeException(int sizeBytes, int introPointCount, int limit) {
        super("the master descriptor with " + introPointCount + " intro points is " + sizeBytes
                + " bytes, but HSDirs refuse descriptors over " + limit
                + " bytes (HSV3MaxDescriptorSize); use fewer intro points (fewer backend instances or fewer intro points per instance)");
        this.sizeBytes = sizeBytes;
        this.introPointCount = introPointCount;
    }

    public int sizeBytes() {
        return sizeBytes;
    }

    public int introPointCount() {
        return introPointCount;
    }
}
