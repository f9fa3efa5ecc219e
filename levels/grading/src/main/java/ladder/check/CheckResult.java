package ladder.check;

import java.util.List;

import ladder.grading.result.ScenarioResult;

/**
 * The verdict of {@code ladder check levelN}, written to {@code .ladder/results/levelN.json}.
 *
 * @param schema        version of this format
 * @param level         {@code level0} …
 * @param outcome       how the check ended
 * @param headline      one sentence for the learner: what passed, or which property broke
 * @param seed          re-run with {@code --seed} to repeat the same randomized trials
 * @param millis        wall-clock time of the whole check
 * @param scenarios     every property, in order, with its status
 * @param compileErrors when the sources did not compile
 * @param forbidden     forbidden APIs found in the compiled classes
 * @param output        the last lines the learner's code printed, if any
 * @param finishedAt    ISO-8601 instant
 */
public record CheckResult(
        int schema,
        String level,
        Outcome outcome,
        String headline,
        long seed,
        long millis,
        List<ScenarioResult> scenarios,
        List<CompileProblem> compileErrors,
        List<ForbiddenUse> forbidden,
        List<String> output,
        String finishedAt) {

    public static final int SCHEMA = 1;

    public CheckResult {
        scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
        compileErrors = compileErrors == null ? List.of() : List.copyOf(compileErrors);
        forbidden = forbidden == null ? List.of() : List.copyOf(forbidden);
        output = output == null ? List.of() : List.copyOf(output);
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }
}
