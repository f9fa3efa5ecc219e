package ladder.check;

import java.util.List;

import ladder.course.Level;
import ladder.grading.result.ScenarioResult;
import ladder.grading.result.Status;

/** The one-sentence headline of a check, and its outcome from the scenario results. */
final class Verdicts {
    private Verdicts() {}

    static Outcome outcome(List<ScenarioResult> scenarios) {
        if (scenarios.isEmpty()) {
            return Outcome.ERROR;
        }
        boolean allPassed = true;
        boolean anyStarted = false;
        boolean graderFault = false;
        for (ScenarioResult r : scenarios) {
            allPassed &= r.status() == Status.PASSED;
            anyStarted |= r.status() != Status.NOT_STARTED && r.status() != Status.SKIPPED;
            graderFault |= r.status() == Status.ERROR;
        }
        if (allPassed) {
            return Outcome.PASSED;
        }
        if (graderFault) {
            return Outcome.ERROR;
        }
        return anyStarted ? Outcome.FAILED : Outcome.NOT_STARTED;
    }

    static String gradeHeadline(Level level, Outcome outcome, List<ScenarioResult> scenarios, long seed) {
        String name = "Level " + level.number() + " (" + level.title() + ")";
        if (scenarios.isEmpty()) {
            return name + " could not be graded: no scenario ran (check the names given to --only).";
        }
        long passed = scenarios.stream().filter(r -> r.status() == Status.PASSED).count();
        switch (outcome) {
            case PASSED:
                return name + " passed: all " + scenarios.size() + " properties hold.";
            case NOT_STARTED:
                return name + " is not started yet: " + firstOf(scenarios, Status.NOT_STARTED).observed() + ".";
            default:
                break;
        }
        ScenarioResult first = scenarios.stream().filter(r -> r.status() != Status.PASSED && r.status() != Status.SKIPPED)
                .findFirst().orElse(scenarios.get(0));
        String what = switch (first.status()) {
            case HANG -> "hangs in";
            case CRASHED -> "crashes in";
            case NOT_STARTED -> "is not finished:";
            case ERROR -> "could not be graded (grader fault) in";
            default -> "breaks";
        };
        String prefix = first.id().startsWith("level") && !first.id().startsWith(level.id())
                ? "Your " + first.subject() + " from an earlier level " + what + " '" + first.id() + "': fix it before " + name + ". "
                : first.subject() + " " + what + " '" + first.id() + "'. ";
        return prefix + passed + " of " + scenarios.size() + " properties hold (seed " + seed + ").";
    }

    private static ScenarioResult firstOf(List<ScenarioResult> scenarios, Status status) {
        return scenarios.stream().filter(r -> r.status() == status).findFirst().orElse(scenarios.get(0));
    }

    static String compileHeadline(Level level, List<CompileProblem> problems) {
        CompileProblem p = problems.get(0);
        return "Level " + level.number() + " does not compile: " + p.file() + ":" + p.line() + ": "
                + firstLine(p.message()) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }

    static String forbiddenHeadline(Level level, List<ForbiddenUse> uses) {
        ForbiddenUse u = uses.get(0);
        return u.why() + ": " + u.api() + " is not allowed here (used in " + u.where() + ").";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
