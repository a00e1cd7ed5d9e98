package net.onionbalance.doc.consensus;

/**
 * A network document (microdesc consensus, microdescriptors) that cannot be used, with the
 * place and the rule it breaks: which document, which line, which keyword.
 */
public final class NetDocException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String document;
    private final int lineNumber;
    private final String keyword;

    public NetDocException(String document, int lineNumber, String keyword, String problem) {
        super(document + (lineNumber > 0 ? ", line " + lineNumber : "")
                + (keyword != null && !keyword.isEmpty() ? " (" + keyword + ")" : "") + ": " + problem);
        this.document = document;
        this.lineNumber = lineNumber;
        this.keyword = keyword;
    }

    /** "microdesc consensus" or "microdescriptors". */
    public String document() {
        return document;
    }

    /** 1-based line number, or 0 when the problem is about the whole document. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The keyword of the offending line, or "" when none applies. */
    public String keyword() {
        return keyword == null ? "" : keyword;
    }
}
