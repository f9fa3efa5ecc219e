package ladder.grading.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict of one scenario: which property it proves, and, when it did not pass, what was
 * observed against what was expected and the seed that reproduces the trial.
 *
 * @param id       short stable name, used by {@code --only} and in results files
 * @param subject  the class under test, such as {@code Mutex}
 * @param property the property from the curriculum that this scenario proves
 * @param status   how it ended
 * @param observed what the grader saw (null when passed)
 * @param expected what the property requires (null when passed)
 * @param seed     the seed of the trial that failed, or of the scenario when passed
 * @param trials   how many trials ran
 * @param millis   wall-clock time spent
 * @param details  further lines for the learner (a history excerpt, a hint of where to look)
 * @param threads  for hangs and crashes: where the threads were
 * @param metrics  figures the grader measured and shows even on success (wake-ups, waits, ratios)
 */
public record ScenarioResult(
        String id,
        String subject,
        String property,
        Status status,
        String observed,
        String expected,
        long seed,
        int trials,
        long millis,
        List<String> details,
        List<ThreadReport> threads,
        Map<String, String> metrics) {

    public ScenarioResult {
        details = details == null ? List.of() : List.copyOf(details);
        threads = threads == null ? List.of() : List.copyOf(threads);
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public static ScenarioResult skipped(String id, String subject, String property, String why) {
        return new ScenarioResult(id, subject, property, Status.SKIPPED, why, null, 0L, 0, 0L,
                List.of(), List.of(), Map.of());
    }
}
