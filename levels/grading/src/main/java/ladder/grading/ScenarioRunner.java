package ladder.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ladder.grading.result.ScenarioResult;
import ladder.grading.result.Status;
import ladder.grading.result.ThreadReport;

/**
 * Runs one scenario's trials and turns whatever happened into a {@link ScenarioResult}: a
 * violation, a hang, a crash of learner code, a skeleton that is not started yet, or a pass.
 */
final class ScenarioRunner {

    private ScenarioRunner() {}

    static ScenarioResult run(Scenario s, long checkSeed) {
        Map<String, String> metrics = Trial.newMetrics();
        long scenarioSeed = Seeds.forScenario(checkSeed, s.id());
        long start = System.nanoTime();
        long budget = s.budget().toNanos();
        int trials = 0;
        long seed = scenarioSeed;
        Noise.enable(!s.quiet());
        try {
            while (trials < s.maxTrials() && (trials == 0 || System.nanoTime() - start < budget)) {
                seed = Seeds.forTrial(scenarioSeed, trials);
                Trial trial = new Trial(seed, trials, metrics);
                trials++;
                s.body().run(trial);
            }
            return result(s, Status.PASSED, null, null, scenarioSeed, trials, start, List.of(), List.of(), metrics);
        } catch (Violation v) {
            return result(s, Status.FAILED, v.observed(), v.expected(), seed, trials, start, v.details(), List.of(), metrics);
        } catch (Hang h) {
            return result(s, Status.HANG, h.observed(), h.expected(), seed, trials, start, hangDetails(h), h.threads(), metrics);
        } catch (LearnerCrash c) {
            return crash(s, c.where(), c.getCause(), seed, trials, start, metrics);
        } catch (Throwable t) {
            if (isLearnerThrowable(t)) {
                return crash(s, "calling " + s.subject(), t, seed, trials, start, metrics);
            }
            List<String> details = new ArrayList<>();
            details.add("This is a fault in the grader, not in your code: please report it with the seed.");
            for (StackTraceElement e : t.getStackTrace()) {
                details.add("  at " + e);
                if (details.size() > 8) {
                    break;
                }
            }
            return result(s, Status.ERROR, "the grader failed: " + t, "the grader to finish", seed, trials, start,
                    details, List.of(), metrics);
        }
    }

    private static List<String> hangDetails(Hang h) {
        List<String> lines = new ArrayList<>();
        boolean anyLearner = false;
        for (ThreadReport r : h.threads()) {
            anyLearner |= !r.learnerFrames().isEmpty();
        }
        if (!anyLearner && !h.threads().isEmpty()) {
            lines.add("No stuck thread is inside your code: a thread may wait for an element, permit or signal that your code never delivered.");
        }
        return lines;
    }

    private static ScenarioResult crash(Scenario s, String where, Throwable t, long seed, int trials, long start,
                                        Map<String, String> metrics) {
        if (NotStarted.is(t)) {
            return result(s, Status.NOT_STARTED, NotStarted.describe(t), "an implementation", seed, trials, start,
                    List.of(), List.of(), metrics);
        }
        List<String> details = new ArrayList<>();
        String observed;
        if (t instanceof OutOfMemoryError) {
            observed = where + " ran out of memory (the grader's heap is capped)";
            details.add("Look for a collection that grows without bound, such as waiters or nodes never removed.");
        } else if (t instanceof StackOverflowError) {
            observed = where + " overflowed the stack: a recursion that does not end";
        } else if (t instanceof LinkageError) {
            observed = where + " could not link to your class: " + t;
            details.add("Keep the exercise's public API exactly as the skeleton declares it.");
        } else {
            observed = where + " threw " + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        for (String f : StackReports.learnerFrames(t)) {
            details.add("  at " + f);
        }
        return result(s, Status.CRASHED, observed, "no exception here: the contract does not allow one", seed, trials,
                start, details, List.of(), metrics);
    }

    private static boolean isLearnerThrowable(Throwable t) {
        if (t instanceof VirtualMachineError || t instanceof LinkageError || NotStarted.is(t)) {
            return true;
        }
        StackTraceElement[] st = t.getStackTrace();
        return st.length > 0 && StackReports.isLearnerFrame(st[0]);
    }

    private static ScenarioResult result(Scenario s, Status status, String observed, String expected, long seed,
                                         int trials, long start, List<String> details, List<ThreadReport> threads,
                                         Map<String, String> metrics) {
        long millis = (System.nanoTime() - start) / 1_000_000L;
        return new ScenarioResult(s.id(), s.subject(), s.property(), status, observed, expected, seed, trials, millis,
                details, threads, metrics);
    }
}
