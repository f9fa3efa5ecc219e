package ladder.grading;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A jcstress-style outcome table: every result a small concurrent test can produce is declared
 * up front as acceptable or forbidden, each with a description; anything undeclared falls into
 * the catch-all, which is forbidden.
 *
 * <pre>{@code
 * Outcomes<String> table = Outcomes.<String>of("two threads tryLock() a free lock")
 *         .acceptable("true,false", "the first thread got the lock")
 *         .acceptable("false,true", "the second thread got the lock")
 *         .forbidden("true,true", "both got it: two holders at once")
 *         .otherwise("an outcome no correct lock produces");
 * table.record(outcome);          // throws a Violation on a forbidden outcome
 * trial.metric("outcomes", table.counts());
 * }</pre>
 */
public final class Outcomes<T> {

    private record Rule(boolean acceptable, String description) {}

    private final String test;
    private final Map<T, Rule> rules = new LinkedHashMap<>();
    private final Map<T, LongAdder> seen = new ConcurrentHashMap<>();
    private String otherwise = "an outcome that no correct implementation produces";

    private Outcomes(String test) {
        this.test = test;
    }

    public static <T> Outcomes<T> of(String test) {
        return new Outcomes<>(test);
    }

    public Outcomes<T> acceptable(T outcome, String description) {
        rules.put(outcome, new Rule(true, description));
        return this;
    }

    public Outcomes<T> forbidden(T outcome, String description) {
        rules.put(outcome, new Rule(false, description));
        return this;
    }

    /** Describes the catch-all: every outcome not declared above is forbidden. */
    public Outcomes<T> otherwise(String description) {
        this.otherwise = description;
        return this;
    }

    /** Counts {@code outcome}; throws a {@link Violation} if it is forbidden. */
    public void record(T outcome) {
        seen.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        Rule rule = rules.get(outcome);
        if (rule == null || !rule.acceptable()) {
            String why = rule == null ? otherwise : rule.description();
            Violation v = new Violation(test + " gave " + outcome + ": " + why, acceptableSummary());
            throw v.detail("outcomes so far: " + counts());
        }
    }

    private String acceptableSummary() {
        StringBuilder sb = new StringBuilder("one of: ");
        boolean first = true;
        for (Map.Entry<T, Rule> e : rules.entrySet()) {
            if (e.getValue().acceptable()) {
                sb.append(first ? "" : "; ").append(e.getKey()).append(" (").append(e.getValue().description()).append(')');
                first = false;
            }
        }
        return sb.toString();
    }

    /** How often each outcome was seen, for a metric. */
    public String counts() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<T, LongAdder> e : seen.entrySet()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(e.getKey()).append(" ×").append(e.getValue().sum());
        }
        return sb.toString();
    }
}
