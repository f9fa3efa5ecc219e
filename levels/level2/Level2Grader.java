package level2;

import java.util.ArrayList;
import java.util.List;

import ladder.grading.Grader;
import ladder.grading.Scenario;

/**
 * Level 2's hidden grader: first the learner's own Level 0 Mutex (prerequisites), then the
 * ConditionVariable, then the ResourcePool built on both.
 */
public final class Level2Grader implements Grader {
    @Override
    public List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>();
        all.addAll(MutexPrerequisites.scenarios());
        all.addAll(ConditionVariableScenarios.scenarios());
        all.addAll(ResourcePoolScenarios.scenarios());
        return all;
    }
}
