package ladder.course;

import java.util.List;

/**
 * One rung of the ladder, as {@code levels/levelN/level.toml} describes it.
 *
 * @param id         {@code level0} … {@code level7}
 * @param number     0 … 7
 * @param title      short title ("Mutex")
 * @param topic      what the level teaches, in a line
 * @param exercises  the classes of package {@code ladder.levelN} that the learner writes
 * @param given      classes of the package that come written (records, enums the contract fixes)
 * @param uses       earlier levels whose learner classes this level compiles with and builds on
 * @param grader     the grader's class name
 * @param timeoutSeconds hard wall-clock limit of the grader JVM
 * @param forbidden  APIs this level refuses, besides the course-wide ones
 * @param hints      from gentle to specific
 */
public record Level(
        String id,
        int number,
        String title,
        String topic,
        List<String> exercises,
        List<String> given,
        List<String> uses,
        String grader,
        int timeoutSeconds,
        List<ForbiddenApi> forbidden,
        List<Hint> hints) {

    /** Every class the workspace holds for this level: the exercises, then the given ones. */
    public List<String> classes() {
        List<String> all = new java.util.ArrayList<>(exercises);
        all.addAll(given);
        return List.copyOf(all);
    }

    /** The Java package of the level's exercises. */
    public String packageName() {
        return "ladder." + id;
    }

    /** The folder of the level's sources, relative to a source root ({@code ladder/level0}). */
    public String packagePath() {
        return "ladder/" + id;
    }
}
