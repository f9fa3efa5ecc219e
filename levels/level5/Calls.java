package level5;

import java.util.concurrent.TimeUnit;

import ladder.grading.Hang;
import ladder.grading.LearnerCrash;
import ladder.grading.Violation;
import ladder.level5.Lifecycle;
import ladder.level5.Lifecycle.State;

/**
 * Calls into the learner's {@link Lifecycle} that (1) remember, per thread, which call is in
 * progress, so that {@code onClosed} can tell on which thread and inside which call it runs, and
 * (2) turn an unexpected exception into a crash verdict that names the thread and the call.
 */
final class Calls {

    /** The Lifecycle call the current thread is inside, or null. */
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Calls() {}

    /** Which Lifecycle call the calling thread is inside, or null when none. */
    static String current() {
        return CURRENT.get();
    }

    static Lifecycle create(Runnable onClosed) {
        try {
            return new Lifecycle(onClosed);
        } catch (Throwable t) {
            throw crash("new Lifecycle(onClosed)", t);
        }
    }

    static boolean start(Lifecycle lc) {
        CURRENT.set("start()");
        try {
            return lc.start();
        } catch (Throwable t) {
            throw crash("start()", t);
        } finally {
            CURRENT.remove();
        }
    }

    static boolean enter(Lifecycle lc) {
        CURRENT.set("enter()");
        try {
            return lc.enter();
        } catch (Throwable t) {
            throw crash("enter()", t);
        } finally {
            CURRENT.remove();
        }
    }

    static void exit(Lifecycle lc) {
        CURRENT.set("exit()");
        try {
            lc.exit();
        } catch (Throwable t) {
            throw crash("exit()", t);
        } finally {
            CURRENT.remove();
        }
    }

    /** exit() of a unit that enter() admitted: an IllegalStateException there means the count lost it. */
    static void exitAdmitted(Lifecycle lc) {
        CURRENT.set("exit()");
        try {
            lc.exit();
        } catch (IllegalStateException e) {
            throw Races.lostUnit(e);
        } catch (Throwable t) {
            throw crash("exit()", t);
        } finally {
            CURRENT.remove();
        }
    }

    static boolean shutdown(Lifecycle lc) {
        CURRENT.set("shutdown()");
        try {
            return lc.shutdown();
        } catch (Throwable t) {
            throw crash("shutdown()", t);
        } finally {
            CURRENT.remove();
        }
    }

    /** awaitClosed(); an InterruptedException is a crash here (the grader interrupts nobody). */
    static void awaitClosed(Lifecycle lc) {
        CURRENT.set("awaitClosed()");
        try {
            lc.awaitClosed();
        } catch (Throwable t) {
            throw crash("awaitClosed()", t);
        } finally {
            CURRENT.remove();
        }
    }

    static boolean awaitClosed(Lifecycle lc, long timeout, TimeUnit unit) {
        String call = "awaitClosed(" + timeout + ", " + unit + ")";
        CURRENT.set(call);
        try {
            return lc.awaitClosed(timeout, unit);
        } catch (Throwable t) {
            throw crash(call, t);
        } finally {
            CURRENT.remove();
        }
    }

    /** state(), refusing null. */
    static State state(Lifecycle lc) {
        CURRENT.set("state()");
        State s;
        try {
            s = lc.state();
        } catch (Throwable t) {
            throw crash("state()", t);
        } finally {
            CURRENT.remove();
        }
        if (s == null) {
            throw new Violation("state() returned null", "one of INIT, RUNNING, DRAINING, CLOSED");
        }
        return s;
    }

    static int inFlight(Lifecycle lc) {
        CURRENT.set("inFlight()");
        try {
            return lc.inFlight();
        } catch (Throwable t) {
            throw crash("inFlight()", t);
        } finally {
            CURRENT.remove();
        }
    }

    /** Runs {@code call} as the given Lifecycle call (for calls the grader makes directly). */
    static void as(String call, Runnable body) {
        CURRENT.set(call);
        try {
            body.run();
        } finally {
            CURRENT.remove();
        }
    }

    /** The skeleton's "not written yet" exception, anywhere in the cause chain. */
    static boolean isTodo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnsupportedOperationException && c.getMessage() != null && c.getMessage().startsWith("TODO")) {
                return true;
            }
        }
        return false;
    }

    static RuntimeException crash(String call, Throwable t) {
        if (t instanceof Violation v) {
            return v;
        }
        if (t instanceof Hang h) {
            return h;
        }
        if (t instanceof LearnerCrash c) {
            return c;
        }
        return new LearnerCrash(Thread.currentThread().getName() + " calling " + call, t);
    }
}
