package level6;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ladder.grading.Crew;
import ladder.grading.Trial;

/**
 * A group of worker threads made as one-thread crews, so that the grader chooses their thread
 * ids: consecutive (as threads usually are), or 64 apart, so that a design that picks a cell
 * from {@code threadId & mask} puts them all in the same cell and they really collide.
 */
final class Workers {

    /** Thread ids this far apart share {@code id & mask} for every mask up to 63. */
    static final int ID_SPACING = 64;

    private final List<Crew> crews = new ArrayList<>();

    private Workers() {}

    /**
     * @param spaced whether worker thread ids are {@link #ID_SPACING} apart rather than consecutive
     */
    static Workers of(Trial t, String role, int size, boolean spaced, Crew.WorkerBody body) {
        Workers w = new Workers();
        for (int i = 0; i < size; i++) {
            if (spaced && i > 0) {
                long last = w.crews.get(i - 1).thread(0).threadId();
                // Threads that are never started only take an id: allocate until the next one lands 64 apart.
                while (new Thread(() -> { }).threadId() < last + ID_SPACING - 1) {
                    // keep allocating
                }
            }
            int index = i;
            w.crews.add(t.crew(role + "-" + i, 1, ignored -> body.run(index)));
        }
        return w;
    }

    Workers start() {
        for (Crew c : crews) {
            c.start();
        }
        return this;
    }

    /** Unparks worker {@code i} (to hand it a turn without waiting for its timed park). */
    void unpark(int i) {
        java.util.concurrent.locks.LockSupport.unpark(crews.get(i).thread(0));
    }

    void join(Duration timeout, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Crew c : crews) {
            long left = Math.max(1L, deadline - System.nanoTime());
            c.join(Duration.ofNanos(left), expected);
        }
    }
}
