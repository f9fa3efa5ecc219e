package ladder.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FutexTest {

    @Test
    void returnsAtOnceWhenTheWordDiffers() {
        AtomicInteger w = new AtomicInteger(1);
        Futex.await(w, 0);
        assertTrue(Futex.await(w, 0, 10, TimeUnit.SECONDS));
    }

    @Test
    void timedAwaitReturnsFalseOnlyOnTimeout() {
        AtomicInteger w = new AtomicInteger();
        long t0 = System.nanoTime();
        assertFalse(Futex.await(w, 0, 30, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(30));
        assertFalse(Futex.await(w, 0, 0, TimeUnit.MILLISECONDS));
        assertEquals(0, Futex.waiters(w), "a timed-out waiter leaves the queue");
    }

    @Test
    void interruptedThreadReturnsAtOnceAndKeepsItsStatus() {
        AtomicInteger w = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            Futex.await(w, 0);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void wakesOldestFirstAndCountsExactly() throws Exception {
        AtomicInteger w = new AtomicInteger();
        List<String> order = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            Thread t = new Thread(() -> {
                while (!order.contains(name)) {
                    Futex.await(w, 0);
                    order.add(name); // spurious returns are off in tests: each return is a wake
                }
            }, name);
            t.start();
            threads.add(t);
            while (Futex.waiters(w) < threads.size()) {
                Thread.onSpinWait();
            }
        }
        assertEquals(0, Futex.wake(new AtomicInteger(), 5), "another word has no waiters");
        assertEquals(1, Futex.wake(w, 1));
        threads.get(0).join(5000);
        assertEquals(List.of("a"), order);
        assertEquals(1, Futex.wake(w, 1));
        threads.get(1).join(5000);
        assertEquals(1, Futex.wake(w, 5), "only one waiter is left");
        threads.get(2).join(5000);
        assertEquals(List.of("a", "b", "c"), order, "woken oldest first");
        assertEquals(0, Futex.wake(w, 1));
        assertEquals(0, Futex.wake(w, 0));
    }

    @Test
    void aWakeThatPickedAWaiterIsNeverLostToItsTimeout() throws Exception {
        AtomicInteger w = new AtomicInteger();
        for (int round = 0; round < 2000; round++) {
            AtomicBoolean returnedWoken = new AtomicBoolean();
            Thread waiter = new Thread(() -> returnedWoken.set(Futex.await(w, 0, 200, TimeUnit.MICROSECONDS)));
            waiter.start();
            int woke = Futex.wake(w, 1);
            waiter.join();
            if (woke == 1) {
                assertTrue(returnedWoken.get(), "round " + round + ": wake() picked the waiter, but its await reported a timeout");
            }
        }
    }

    @Test
    void noWakeUpIsLostBetweenCheckAndSleep() throws Exception {
        // ping-pong on one word: each side waits for its value and hands the turn over
        AtomicInteger turn = new AtomicInteger();
        int rounds = 20_000;
        Thread other = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                while (turn.get() != 1) {
                    Futex.await(turn, 0);
                }
                turn.set(0);
                Futex.wake(turn, 1);
            }
        });
        other.start();
        for (int i = 0; i < rounds; i++) {
            turn.set(1);
            Futex.wake(turn, 1);
            while (turn.get() != 0) {
                Futex.await(turn, 1);
            }
        }
        other.join(10_000);
        assertFalse(other.isAlive());
    }
}
