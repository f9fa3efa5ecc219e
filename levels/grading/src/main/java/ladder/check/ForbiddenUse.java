package ladder.check;

/**
 * A use of a forbidden API found in the learner's compiled classes.
 *
 * @param api   the API as Java spells it ({@code java.util.concurrent.locks.ReentrantLock})
 * @param why   the level's intent
 * @param where {@code Mutex.lock(Mutex.java:42)}
 */
public record ForbiddenUse(String api, String why, String where) {}
