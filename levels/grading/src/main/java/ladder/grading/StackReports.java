package ladder.grading;

import java.util.ArrayList;
import java.util.List;

import ladder.grading.result.ThreadReport;

/** Turns stack traces into what a learner can act on: their own frames, and what they wait in. */
public final class StackReports {
    /** Exercise classes live in {@code ladder.level0} … {@code ladder.level7}. */
    private static final String LEARNER_PREFIX = "ladder.level";
    private static final int MAX_FRAMES = 8;

    private StackReports() {}

    public static boolean isLearnerFrame(StackTraceElement e) {
        return e.getClassName().startsWith(LEARNER_PREFIX);
    }

    /** Where {@code thread} is now. */
    public static ThreadReport of(Thread thread) {
        return of(thread.getName(), thread.getState().name(), thread.getStackTrace());
    }

    public static ThreadReport of(String name, String state, StackTraceElement[] stack) {
        return new ThreadReport(name, state, waitingIn(stack), learnerFrames(stack));
    }

    /** The learner's frames, innermost first, at most a few. */
    public static List<String> learnerFrames(StackTraceElement[] stack) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement e : stack) {
            if (isLearnerFrame(e)) {
                frames.add(format(e));
                if (frames.size() == MAX_FRAMES) {
                    break;
                }
            }
        }
        return frames;
    }

    /**
     * The innermost frame above the learner's code that says what the thread is doing: the
     * toolkit or LockSupport call it parks in, or the JDK method it spins in.
     */
    static String waitingIn(StackTraceElement[] stack) {
        String best = null;
        for (StackTraceElement e : stack) {
            if (isLearnerFrame(e)) {
                break;
            }
            String c = e.getClassName();
            if (c.startsWith("jdk.internal.") || c.startsWith("java.lang.invoke.")) {
                continue;
            }
            best = format(e);
            if (c.startsWith("ladder.toolkit.") || c.endsWith("LockSupport") || c.equals("java.lang.Thread")) {
                // keep looking outward: the outermost toolkit/LockSupport frame names the call the learner made
                continue;
            }
            break;
        }
        return best;
    }

    public static String format(StackTraceElement e) {
        String cls = e.getClassName();
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        String where = e.getFileName() == null ? "" : "(" + e.getFileName() + (e.getLineNumber() > 0 ? ":" + e.getLineNumber() : "") + ")";
        return simple + "." + e.getMethodName() + where;
    }

    /** The learner's frames of a throwable, for crash verdicts; falls back to the top frames. */
    public static List<String> learnerFrames(Throwable t) {
        List<String> frames = learnerFrames(t.getStackTrace());
        if (frames.isEmpty()) {
            StackTraceElement[] st = t.getStackTrace();
            for (int i = 0; i < Math.min(3, st.length); i++) {
                frames.add(format(st[i]));
            }
        }
        return frames;
    }
}
