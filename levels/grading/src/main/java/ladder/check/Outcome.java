package ladder.check;

/** How a whole check ended. Only {@link #PASSED} exits 0. */
public enum Outcome {
    PASSED,
    FAILED,
    NOT_STARTED,
    COMPILE_ERROR,
    FORBIDDEN_API,
    /** The ladder itself failed (no JDK compiler, a grader fault): not the learner's fault. */
    ERROR;

    public int exitCode() {
        return this == PASSED ? 0 : 1;
    }
}
