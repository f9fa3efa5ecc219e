package level3;

import java.util.ArrayList;
import java.util.List;

import ladder.grading.Grader;
import ladder.grading.Scenario;

/**
 * The hidden grader of Level 3: one scenario per property that the curriculum lists for
 * {@code CountDownLatch} and {@code CyclicBarrier}, latch first (the barrier builds on the same ideas).
 */
public final class LatchAndBarrierGrader implements Grader {
    @Override
    public List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>(LatchScenarios.all());
        all.addAll(BarrierScenarios.all());
        return all;
    }
}
