package level5;

import java.util.List;
import java.util.concurrent.TimeUnit;

import ladder.grading.Hang;
import ladder.grading.LearnerCrash;
import ladder.grading.Trial;
import ladder.grading.Violation;
import ladder.level5.Lifecycle;
import ladder.level5.Lifecycle.State;

/** Checks shared by the single-thread scenarios and the races. */
final class Checks {

    private Checks() {}

    /** Fails unless state() and inFlight() read as expected. */
    static void expect(Trial t, Lifecycle lc, State state, int inFlight, String context) {
        State s = Calls.state(lc);
        int n = Calls.inFlight(lc);
        if (s != state || n != inFlight) {
            throw t.fail(context + ": state() = " + s + ", inFlight() = " + n,
                    "state() = " + state + ", inFlight() = " + inFlight);
        }
    }

    /** exit() with nothing in flight must throw IllegalStateException and change nothing. */
    static void expectNoUnit(Trial t, Lifecycle lc, State state, String context) {
        Throwable thrown = null;
        try {
            Calls.as("exit()", lc::exit);
        } catch (Throwable e) {
            thrown = e;
        }
        if (thrown != null && Calls.isTodo(thrown)) {
            throw new LearnerCrash("exit()", thrown);
        }
        if (thrown instanceof Violation v) {
            throw v;
        }
        t.check(thrown != null, "exit() " + context + " returned normally",
                "IllegalStateException: there is no unit in flight to end");
        t.check(thrown instanceof IllegalStateException, "exit() " + context + " threw " + thrown, "IllegalStateException");
        expect(t, lc, state, 0, "after exit() " + context + " threw IllegalStateException (it must change nothing)");
    }

    /** state(), refusing null (a direct call, for hot loops). */
    static State st(Lifecycle lc) {
        State s = lc.state();
        if (s == null) {
            throw new Violation("state() returned null", "one of INIT, RUNNING, DRAINING, CLOSED");
        }
        return s;
    }

    /**
     * Once every call has returned, the lifecycle must be CLOSED with nothing in flight: waits a
     * generous bound (correct code is closed already) and reports a stranded lifecycle as a hang.
     */
    static void mustBeClosed(Trial t, Lifecycle lc, int round, String story) {
        if (!Calls.awaitClosed(lc, 2, TimeUnit.SECONDS)) {
            State s = Calls.state(lc);
            int n = Calls.inFlight(lc);
            throw new Hang(RoundStream.round(round) + " never closed: " + story + ", and once every call had returned "
                    + "awaitClosed(2 s) timed out with state() = " + s + ", inFlight() = " + n,
                    "CLOSED: the lifecycle closes once shutdown() has begun and every admitted unit has exited",
                    List.of());
        }
        expect(t, lc, State.CLOSED, 0, RoundStream.round(round) + ", once every call had returned (" + story + ")");
    }

    static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
