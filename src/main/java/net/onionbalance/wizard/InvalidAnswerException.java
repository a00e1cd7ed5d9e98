package net.onionbalance.wizard;

/**
 * An answer to one of the wizard's questions (or the matching command-line flag) that cannot be
 * used. The message says which answer, what is wrong and what would be accepted; it never holds
 * key bytes.
 */
public final class InvalidAnswerException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidAnswerException(String field, String message) {
        super(message);
        this.field = field;
    }

    public InvalidAnswerException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The question or flag the answer was for, e.g. "--service-target". */
    public String field() {
        return field;
    }
}
