package level5;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import ladder.grading.Trial;

/**
 * The {@code onClosed} callback the grader hands to a Lifecycle: it counts its runs, records on
 * which thread and inside which Lifecycle call each one ran, can probe the world when it starts
 * (work still in flight?), can stay busy for a while (so that an {@code awaitClosed} that returns
 * too early is caught), and can throw.
 */
final class Closer implements Runnable {

    /** The calls inside which a move to CLOSED can happen (enter: a design may undo a count there). */
    static final Set<String> MOVER_CALLS = Set.of("shutdown()", "exit()", "enter()");

    private final AtomicInteger runs = new AtomicInteger();
    private final List<String[]> where = new ArrayList<>(); // {thread name, Lifecycle call or null}
    private final long busyNanos;
    private final RuntimeException toThrow;
    private volatile Supplier<String> probe;
    private volatile String probeProblem;
    private volatile boolean started;
    private volatile boolean finished;

    Closer() {
        this(0L, null);
    }

    Closer(long busyNanos, RuntimeException toThrow) {
        this.busyNanos = busyNanos;
        this.toThrow = toThrow;
    }

    /** A check made when onClosed starts; it returns a description of what is wrong, or null. */
    Closer probe(Supplier<String> p) {
        this.probe = p;
        return this;
    }

    @Override
    public void run() {
        runs.incrementAndGet();
        String call = Calls.current();
        synchronized (where) {
            where.add(new String[] {Thread.currentThread().getName(), call});
        }
        started = true;
        Supplier<String> p = probe;
        if (p != null && probeProblem == null) {
            String problem = p.get();
            if (problem != null) {
                probeProblem = problem;
            }
        }
        if (busyNanos > 0) {
            Trial.spin(busyNanos);
        }
        finished = true;
        if (toThrow != null) {
            throw toThrow;
        }
    }

    int runs() {
        return runs.get();
    }

    boolean started() {
        return started;
    }

    boolean finished() {
        return finished;
    }

    String probeProblem() {
        return probeProblem;
    }

    /** Where each run happened: "worker-1 inside exit()", or just the thread when the call is not tracked. */
    List<String> where() {
        List<String> out = new ArrayList<>();
        synchronized (where) {
            for (String[] w : where) {
                out.add(w[0] + (w[1] == null ? "" : " inside " + w[1]));
            }
        }
        return out;
    }

    /**
     * For callers that make every Lifecycle call through {@link Calls}: a run that did not happen
     * inside shutdown(), exit() or enter() of a thread, described, or null.
     */
    String misplacedRun() {
        synchronized (where) {
            for (String[] w : where) {
                if (w[1] == null) {
                    return w[0] + ", outside any Lifecycle call";
                }
                if (!MOVER_CALLS.contains(w[1])) {
                    return w[0] + " inside " + w[1];
                }
            }
        }
        return null;
    }
}
