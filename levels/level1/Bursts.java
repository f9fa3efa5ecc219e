package level1;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import ladder.grading.Crew;
import ladder.grading.Trial;
import ladder.level1.BoundedQueue;

/**
 * Offer bursts: producers spin at a barrier and, each round, all call offer() at the same
 * instant on an empty queue while nobody takes. No correct queue accepts more than capacity of
 * them: the count of offers that returned true IS the contents. A capacity check done apart
 * from the insert (check-then-act) lets two simultaneous offers both pass it.
 */
final class Bursts {

    private Bursts() {}

    static void run(Trial t, int cap, int producers, Duration time) throws InterruptedException {
        BoundedQueue<Object> q = t.call("new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));
        AtomicInteger round = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int[] last = {0};
        Crew crew = t.crew("producer", producers, i -> {
            for (int r = 1; ; r++) {
                for (int spins = 0; round.get() < r; spins++) {
                    if (round.get() < 0) {
                        return;
                    }
                    if ((spins & 1023) == 1023) {
                        Thread.yield();
                    } else {
                        Thread.onSpinWait();
                    }
                }
                if (q.offer(new Item.Token("b" + r + "." + i))) {
                    accepted.incrementAndGet();
                }
                done.incrementAndGet();
            }
        });
        crew.start();
        try {
            long end = System.nanoTime() + time.toNanos();
            int r = 0;
            while (r < 2 || System.nanoTime() - end < 0) {
                r++;
                accepted.set(0);
                done.set(0);
                round.set(r);
                if (!Trial.eventually(Duration.ofSeconds(2), () -> done.get() == producers)) {
                    throw t.fail(done.get() + " of " + producers + " simultaneous offer() calls returned within 2000 ms",
                            "offer() never waits");
                }
                int a = accepted.get();
                if (a > cap) {
                    throw t.fail(producers + " producers called offer() at the same moment on an empty queue of capacity "
                                    + cap + " (nobody taking) and " + a + " of the calls returned true: the queue held "
                                    + a + " elements", "never more than capacity elements in the queue: offer() fails while it is full")
                            .detail("burst number " + r + " of this trial")
                            .detail("Look for a capacity check and the insert that follows it done as two separate steps:"
                                    + " two producers can both pass the check before either inserts.");
                }
                List<Object> out = Interrupts.drain(t, q, cap);
                if (out.size() != a) {
                    throw t.fail(a + " offer() calls returned true on an empty queue, but poll() then returned "
                                    + out.size() + " elements (" + out + ")",
                            "every offer() that returned true inserted exactly one element");
                }
                last[0] = r;
            }
            t.metric("offer bursts on an empty queue (last trial)", last[0] + " rounds of " + producers + " simultaneous offers");
        } finally {
            round.set(-1);
            Calls.stop(crew);
        }
    }
}
