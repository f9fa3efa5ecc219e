package ladder.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;

import ladder.app.LadderException;
import ladder.app.progress.AtomicFiles;
import ladder.app.progress.Json;
import ladder.app.progress.LevelStatus;
import ladder.app.progress.ProgressStore;
import ladder.app.render.CheckProgress;
import ladder.app.render.Ui;
import ladder.app.render.VerdictPrinter;
import ladder.app.workspace.Workspace;
import ladder.check.CheckPipeline;
import ladder.check.CheckResult;
import ladder.check.Outcome;
import ladder.course.Course;
import ladder.course.Level;

/**
 * One check as {@code check} and {@code watch} run it: the pipeline with a progress line, the
 * verdict, the result file ({@code .ladder/results/levelN.json}) and the progress record.
 * The learner's code runs only in the grader JVM that the pipeline forks; when this thread is
 * interrupted (Ctrl-C in the shell) that JVM is killed and nothing is recorded.
 */
final class CheckRunner {

    private final Course course;
    private final Ui ui;
    private final PrintWriter out;

    CheckRunner(Course course, Ui ui, PrintWriter out) {
        this.course = course;
        this.ui = ui;
        this.out = out;
    }

    CheckResult run(Workspace ws, ProgressStore store, Level level, long seed, List<String> only)
            throws IOException, InterruptedException {
        ui.println(out, ui.builder().styled(Ui.BOLD, "Checking " + level.id() + " (" + level.title() + ")")
                .styled(Ui.FAINT, "  seed " + seed + (only.isEmpty() ? "" : ", only " + String.join(",", only)))
                .toAttributedString());
        out.flush();
        CheckResult result;
        try (CheckProgress progress = new CheckProgress(ui, out)) {
            result = new CheckPipeline(course).check(
                    new CheckPipeline.Request(level, ws.sourceRoot(), ws.root(), seed, only), progress);
        } catch (InterruptedException e) {
            killGraders();
            throw new InterruptedException("Check of " + level.id() + " interrupted: nothing was recorded.");
        } catch (IndexOutOfBoundsException e) {
            if (only.isEmpty()) {
                throw e;
            }
            // the pipeline cannot word a verdict of zero scenarios: --only matched none
            throw new LadderException("no scenario of " + level.id() + " is named " + String.join(", ", only)
                    + knownScenarios(ws, level), LadderException.USAGE);
        }
        if (Thread.interrupted()) {
            killGraders();
            throw new InterruptedException("Check of " + level.id() + " interrupted: nothing was recorded.");
        }
        if (result.scenarios().isEmpty() && !only.isEmpty() && result.outcome() == Outcome.ERROR) {
            throw new LadderException("no scenario of " + level.id() + " is named " + String.join(", ", only)
                    + knownScenarios(ws, level), LadderException.USAGE);
        }
        Files.createDirectories(ws.resultsDir());
        AtomicFiles.write(ws.resultFile(level), Json.mapper().writeValueAsBytes(result));
        store.update(p -> p.level(level.id()).recordCheck(statusOf(result.outcome()), result.outcome().name(),
                result.headline(), result.finishedAt()));
        out.println();
        new VerdictPrinter(ui, out).print(result);
        out.println();
        ui.println(out, Ui.FAINT, "Result written to " + ws.display(ws.resultFile(level)) + " ("
                + String.format(java.util.Locale.ROOT, "%.1f s", result.millis() / 1000.0) + ")");
        ui.println(out, Ui.ACCENT, nextStep(ws, level, result.outcome()));
        out.flush();
        return result;
    }

    /** What a learner does after this verdict, as rustlings and exercism say it. */
    private String nextStep(Workspace ws, Level level, Outcome outcome) {
        String id = level.id();
        return switch (outcome) {
            case PASSED -> course.levels().stream().filter(l -> l.number() == level.number() + 1).findFirst()
                    .map(next -> "Next: `lesson " + next.id() + "` (" + next.title() + "); `reveal " + id
                            + "` shows the reference to compare with yours.")
                    .orElse("That was the last rung. `reveal " + id + "` shows the reference to compare with yours.");
            case NOT_STARTED -> "Next: fill in the TODOs in " + ws.display(ws.levelDir(level))
                    + ", then `check " + id + "`. `lesson " + id + "` explains, `hint " + id + "` nudges.";
            case COMPILE_ERROR -> "Fix the first error above, then `check " + id + "` again.";
            case FORBIDDEN_API -> "Build it from what the level allows (`lesson " + id + "`, \"What to build\"), then `check " + id + "` again.";
            case ERROR -> "This is the ladder's fault, not yours: please report it with " + ws.display(ws.resultFile(level)) + ".";
            default -> "Stuck? `hint " + id + "` gives the next hint, more specific each time.";
        };
    }

    static LevelStatus statusOf(Outcome outcome) {
        return switch (outcome) {
            case PASSED -> LevelStatus.PASSED;
            case NOT_STARTED -> LevelStatus.NOT_STARTED;
            default -> LevelStatus.FAILED;
        };
    }

    private static String knownScenarios(Workspace ws, Level level) {
        try {
            CheckResult last = Json.mapper().readValue(ws.resultFile(level).toFile(), CheckResult.class);
            List<String> ids = last.scenarios().stream().map(s -> s.id()).toList();
            return ids.isEmpty() ? "" : " (scenarios of the last full check: " + String.join(", ", ids) + ")";
        } catch (IOException | RuntimeException e) {
            return " (run a full `check " + level.id() + "` to see the scenario names)";
        }
    }

    /** Ends grader JVMs this process started (an interrupted check leaves its child running). */
    static void killGraders() {
        ProcessHandle.current().children()
                .filter(ph -> ph.info().commandLine().map(c -> c.contains("ladder.grading.GraderMain")).orElse(true))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
