package ladder.grading;

import java.util.List;

import ladder.grading.result.ThreadReport;

/** Thrown when threads under test stop making progress; carries where each one waits. */
public final class Hang extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String observed;
    private final String expected;
    private final transient List<ThreadReport> threads;

    public Hang(String observed, String expected, List<ThreadReport> threads) {
        super(observed, null, false, false);
        this.observed = observed;
        this.expected = expected;
        this.threads = List.copyOf(threads);
    }

    public String observed() {
        return observed;
    }

    public String expected() {
        return expected;
    }

    public List<ThreadReport> threads() {
        return threads;
    }
}
