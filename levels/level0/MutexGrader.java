package level0;

import java.time.Duration;
import java.util.List;

import ladder.grading.Grader;
import ladder.grading.Scenario;
import ladder.level0.Mutex;

/** Placeholder grader: replaced by the real one. */
public final class MutexGrader implements Grader {
    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("mutual-exclusion").subject("Mutex")
                .proves("Mutual exclusion: never two holders")
                .trials(20).budget(Duration.ofMillis(800))
                .body(t -> {
                    Mutex m = new Mutex();
                    int[] inside = {0};
                    var crew = t.crew("worker", 4, i -> {
                        for (int k = 0; k < 2000; k++) {
                            m.lock();
                            try {
                                if (++inside[0] != 1) throw t.fail("two holders", "one holder");
                                inside[0]--;
                            } finally {
                                m.unlock();
                            }
                        }
                    });
                    crew.start().join(Duration.ofSeconds(5), "every worker finishes");
                }));
    }
}
