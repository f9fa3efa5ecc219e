package ladder.grading;

/**
 * Thrown when the code under test throws where the contract allows no exception. The cause is
 * the learner's throwable; {@link GraderMain} turns it into a CRASHED (or NOT_STARTED) verdict
 * with the learner's frames only.
 */
public final class LearnerCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String where;

    /** @param where what the grader was doing, such as "worker-2 calling lock()" */
    public LearnerCrash(String where, Throwable cause) {
        super(where + ": " + cause, cause, false, false);
        this.where = where;
    }

    public String where() {
        return where;
    }
}
