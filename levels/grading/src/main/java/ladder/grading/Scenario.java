package ladder.grading;

import java.time.Duration;
import java.util.Objects;

/**
 * One property of the curriculum, proven by repeating a randomized trial.
 *
 * <pre>{@code
 * Scenario.named("mutual-exclusion")
 *         .subject("Mutex")
 *         .proves("Mutual exclusion: never two threads between lock() and unlock()")
 *         .trials(40).budget(Duration.ofMillis(600))
 *         .body(trial -> { ... throw trial.fail("two holders", "one holder"); ... });
 * }</pre>
 *
 * <p>Trials run until {@code trials} have run or the time budget is spent, whichever comes
 * first, and always at least one. Each trial gets its own seed, derived from the check's seed,
 * the scenario id and the trial index, so a failing trial is named by its seed.
 *
 * <p>Budgets are for correct code: a correct implementation pays every trial, a broken one
 * stops at the first violation. Hang timeouts inside a trial ({@link Crew#join}) cost nothing
 * to correct code, so keep them generous (seconds), and keep trials short and many, as a fresh
 * JVM with many short trials exposes races better than one long warm run.
 */
public record Scenario(
        String id,
        String subject,
        String property,
        int maxTrials,
        Duration budget,
        boolean prerequisite,
        boolean quiet,
        TrialBody body) {

    public Scenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(body, "body");
        if (maxTrials < 1) {
            throw new IllegalArgumentException("maxTrials < 1");
        }
    }

    /** Starts a scenario with a short, stable id such as {@code mutual-exclusion}. */
    public static Builder named(String id) {
        return new Builder(id);
    }

    /** What a trial does. Throw {@link Violation} (via {@link Trial#fail}) when the property breaks. */
    @FunctionalInterface
    public interface TrialBody {
        void run(Trial trial) throws Exception;
    }

    /** Builds a {@link Scenario}. */
    public static final class Builder {
        private final String id;
        private String subject = "";
        private String property;
        private int trials = 1;
        private Duration budget = Duration.ofSeconds(1);
        private boolean prerequisite;
        private boolean quiet;

        private Builder(String id) {
            this.id = id;
        }

        /** The class under test, as the learner knows it ({@code Mutex}, {@code BoundedQueue}). */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** The property proven, in the curriculum's words. */
        public Builder proves(String property) {
            this.property = property;
            return this;
        }

        /** At most this many trials. */
        public Builder trials(int trials) {
            this.trials = trials;
            return this;
        }

        /** Stop starting new trials once this much time is spent (at least one trial runs). */
        public Builder budget(Duration budget) {
            this.budget = budget;
            return this;
        }

        /**
         * Marks a scenario that checks an earlier level's class which this level builds on: when
         * it fails, the verdict says "fix Level N first" and the remaining scenarios are skipped.
         */
        public Builder prerequisite() {
            this.prerequisite = true;
            return this;
        }

        /**
         * Runs without {@link Noise schedule noise}: for a scenario whose verdict rests on time,
         * throughput or CPU measured in learner code, which random delays would distort.
         */
        public Builder quiet() {
            this.quiet = true;
            return this;
        }

        public Scenario body(TrialBody body) {
            return new Scenario(id, subject, property, trials, budget, prerequisite, quiet, body);
        }
    }
}
