package level7;

import java.util.ArrayList;
import java.util.List;

import ladder.grading.Grader;
import ladder.grading.Scenario;

/**
 * The hidden grader of Level 7: {@code AsyncAtomics} (Atomics.waitAsync on an event loop) and
 * {@code WorkStealingDeque} (Chase-Lev), one scenario per property the curriculum lists.
 */
public final class Level7Grader implements Grader {

    @Override
    public List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>(AsyncAtomicsScenarios.all());
        all.addAll(DequeScenarios.all());
        return all;
    }
}
