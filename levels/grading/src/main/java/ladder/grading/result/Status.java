package ladder.grading.result;

/** How one scenario ended. */
public enum Status {
    /** Every trial kept the property. */
    PASSED,
    /** A trial broke the property: the result says what was observed against what was expected. */
    FAILED,
    /** Threads stopped making progress: the result names where they wait in the learner's code. */
    HANG,
    /** Learner code threw (or ran out of memory or stack) where the contract allows no exception. */
    CRASHED,
    /** The code under test still throws the skeleton's {@code UnsupportedOperationException("TODO …")}. */
    NOT_STARTED,
    /** Not run, because an earlier scenario left the JVM unusable (stuck threads) or a prerequisite failed. */
    SKIPPED,
    /** The grader itself failed: not the learner's fault; the verdict asks to report it. */
    ERROR;

    public boolean passed() {
        return this == PASSED;
    }
}
