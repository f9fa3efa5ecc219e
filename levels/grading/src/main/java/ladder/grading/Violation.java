package ladder.grading;

import java.util.ArrayList;
import java.util.List;

/**
 * Thrown by a scenario when a trial breaks the property it proves. Carries what was observed
 * and what was expected, in words a learner can act on.
 */
public final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String observed;
    private final String expected;
    private final List<String> details = new ArrayList<>();

    public Violation(String observed, String expected) {
        super(observed, null, false, false);
        this.observed = observed;
        this.expected = expected;
    }

    /** Adds a line of context (a history excerpt, where to look). */
    public Violation detail(String line) {
        details.add(line);
        return this;
    }

    public String observed() {
        return observed;
    }

    public String expected() {
        return expected;
    }

    public List<String> details() {
        return details;
    }
}
