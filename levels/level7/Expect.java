package level7;

import ladder.grading.LearnerCrash;
import ladder.grading.Trial;

/** Calls that must throw a given exception (misuse errors), turned into verdicts. */
final class Expect {

    private Expect() {}

    static void throwsType(Trial t, Class<? extends Throwable> type, String call, Trial.LearnerCall c) {
        Throwable thrown = null;
        try {
            c.run();
        } catch (Throwable e) {
            thrown = e;
        }
        if (thrown == null) {
            throw t.fail(call + " returned normally", type.getSimpleName());
        }
        if (type.isInstance(thrown)) {
            return;
        }
        if (thrown instanceof UnsupportedOperationException && thrown.getMessage() != null
                && thrown.getMessage().startsWith("TODO")) {
            throw new LearnerCrash(call, thrown); // the skeleton: reported as not started
        }
        throw t.fail(call + " threw " + thrown.getClass().getName()
                + (thrown.getMessage() == null ? "" : " (" + thrown.getMessage() + ")"), type.getName());
    }
}
