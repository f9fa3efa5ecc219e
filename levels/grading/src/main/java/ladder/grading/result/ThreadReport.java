package ladder.grading.result;

import java.util.List;

/**
 * Where one thread was when a scenario gave up on it.
 *
 * @param name         the thread's name (the grader names its threads after their role)
 * @param state        {@link Thread.State} as text
 * @param waitingIn    the innermost frame outside the learner's code (for example
 *                     {@code ladder.toolkit.Futex.await} or {@code LockSupport.park}), or null
 * @param learnerFrames the learner's frames, innermost first, as {@code Mutex.lock(Mutex.java:42)}
 */
public record ThreadReport(String name, String state, String waitingIn, List<String> learnerFrames) {}
