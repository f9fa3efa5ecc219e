package level1;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ladder.grading.Crew;
import ladder.grading.Trial;
import ladder.level1.BoundedQueue;

/**
 * offer() fails only on a full queue and poll() only on an empty one, also under contention.
 *
 * <p>The queue starts with {@code fill} elements; each of {@code n} threads repeatedly polls an
 * element and offers it back. A thread holds at most one element outside the queue, so the
 * queue always holds between {@code fill - n >= 1} and {@code fill < capacity} elements: it is
 * never empty and never full, and no poll() may return null nor any offer() false. This holds
 * for any design that keeps the contract (it needs no particular linearization point).
 */
final class Rotation {

    private Rotation() {}

    static void run(Trial t) throws InterruptedException {
        int n = 4;
        int fill = n + 1 + t.random().nextInt(3);
        int cap = fill + 1 + t.random().nextInt(3);
        int rounds = 1500;
        BoundedQueue<Object> q = t.call("new BoundedQueue<>(" + cap + ")", () -> new BoundedQueue<>(cap));
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < fill; i++) {
            Item.Token e = new Item.Token("e" + i);
            boolean ok = Calls.quick(t, "offer(" + e + ")", () -> q.offer(e));
            t.check(ok, "offer(" + e + ") returned false with " + i + " of " + cap + " places used",
                    "offer() returns false only when the queue is full");
            all.add(e);
        }
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = t.random().nextLong();
        }
        String setup = "the queue (capacity " + cap + ") started with " + fill + " elements and each of " + n
                + " threads holds at most one outside it (poll, then offer it back), so it always held between "
                + (fill - n) + " and " + fill + " elements";
        Crew crew = t.crew("rotator", n, i -> {
            SplittableRandom rnd = new SplittableRandom(seeds[i]);
            for (int k = 0; k < rounds; k++) {
                Object e = q.poll();
                if (e == null) {
                    throw t.fail("rotator-" + i + "'s poll() number " + (k + 1) + " returned null, yet " + setup,
                            "poll() returns null only if the queue was empty at some moment during the call: a busy queue is not an empty one")
                            .detail("Giving up because another thread holds the lock or is mid-update is not 'empty':"
                                    + " wait for the other thread's step to finish, then decide.");
                }
                if ((k & 15) == 0) {
                    Trial.spin(rnd.nextLong(1, 1_000));
                }
                if (!q.offer(e)) {
                    throw t.fail("rotator-" + i + "'s offer(" + Item.describe(e) + ") number " + (k + 1)
                                    + " returned false, yet " + setup,
                            "offer() returns false only if the queue was full at some moment during the call: a busy queue is not a full one")
                            .detail("Giving up because another thread holds the lock or is mid-update is not 'full':"
                                    + " wait for the other thread's step to finish, then decide.");
                }
            }
        }).withRandomUnparks();
        crew.start().join(Duration.ofSeconds(10), "offer() and poll() never wait, so every rotator finishes");
        List<Object> rest = Interrupts.drain(t, q, cap);
        List<Object> expected = new ArrayList<>(all);
        for (Object e : rest) {
            if (!expected.remove(e)) {
                throw t.fail("after the rotation the queue gave " + Item.describe(e) + " more often than it held it ("
                        + rest + ")", "each element is in the queue once: poll() then offer() moves it, never copies it");
            }
        }
        t.check(expected.isEmpty(), expected + " went missing during the rotation (the queue ended with " + rest + ")",
                "nothing is lost: poll() then offer() moves an element, never drops it");
    }
}
