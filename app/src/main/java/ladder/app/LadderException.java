package ladder.app;

/**
 * A refusal or an error the learner can act on: the message is printed as is (no stack trace)
 * and the command exits with {@link #exitCode()}.
 */
public final class LadderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit status of a refused action or a failed check. */
    public static final int FAILED = 1;
    /** Exit status of a usage error (unknown name, bad flag). */
    public static final int USAGE = 2;

    private final int exitCode;

    public LadderException(String message) {
        this(message, FAILED);
    }

    public LadderException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
