package ladder.grading;

import java.util.List;

/**
 * A level's hidden grader: an ordered list of {@link Scenario}s, each proving one property that
 * the curriculum names for the level's classes.
 *
 * <p>Implementations live beside their level's lesson and hints ({@code levels/levelN/}) and
 * have a public no-argument constructor; the level's {@code level.toml} names the class. A
 * grader is run in a fresh JVM by {@link GraderMain}, never in the shell's JVM.
 *
 * <p>Order matters: put the cheapest, most basic properties first (misuse errors, single-thread
 * behaviour), then the concurrent ones. A scenario marked {@link Scenario.Builder#prerequisite()}
 * that fails stops the level (Level 2 checks the learner's own Level 0 Mutex that way).
 */
public interface Grader {
    List<Scenario> scenarios();
}
