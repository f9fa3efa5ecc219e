package ladder.check;

import java.util.List;

import ladder.grading.result.ScenarioResult;

/** Follows a check as it runs, to draw progress. Every method has a no-op default. */
public interface CheckListener {
    CheckListener NONE = new CheckListener() {};

    /** A phase begins: "compiling", "inspecting", "grading". */
    default void phase(String name) {}

    /** The grader announced its scenarios. */
    default void plan(List<ScenarioResult> scenarios) {}

    default void scenarioStarted(int index, ScenarioResult planned) {}

    default void scenarioFinished(int index, ScenarioResult result) {}
}
