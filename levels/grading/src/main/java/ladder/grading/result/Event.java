package ladder.grading.result;

import java.util.List;

/**
 * One line of the protocol between the grader JVM and the shell: the child prints each event as
 * {@code @@ladder <json>} on its standard output, and nothing else goes there (the learner's own
 * prints are sent to standard error).
 *
 * @param type      {@code plan}, {@code start}, {@code result}, {@code exit} or {@code done}
 * @param index     the scenario's position (start, result)
 * @param plan      the scenarios to run, with empty results (plan)
 * @param result    a finished scenario (result)
 * @param threads   for {@code exit}: the thread that called {@code System.exit} and where
 * @param seed      the check's seed (plan)
 */
public record Event(String type, int index, List<ScenarioResult> plan, ScenarioResult result,
                    List<ThreadReport> threads, long seed) {

    public static final String PREFIX = "@@ladder ";

    public static Event plan(List<ScenarioResult> plan, long seed) {
        return new Event("plan", 0, plan, null, null, seed);
    }

    public static Event start(int index) {
        return new Event("start", index, null, null, null, 0L);
    }

    public static Event result(int index, ScenarioResult result) {
        return new Event("result", index, null, result, null, 0L);
    }

    public static Event exit(List<ThreadReport> threads) {
        return new Event("exit", 0, null, null, threads, 0L);
    }

    public static Event done() {
        return new Event("done", 0, null, null, null, 0L);
    }
}
