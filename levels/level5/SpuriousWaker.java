package level5;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import ladder.toolkit.Futex;

/**
 * Chaos for waiters: a thread that, every few hundred microseconds, calls {@link Futex#wakeAll}
 * on every {@link AtomicInteger} field of the object under test. The Futex contract allows such
 * wake-ups ("a return from await means only: look again"), so correct code re-checks and sleeps
 * again, while code that sleeps once ({@code if} instead of {@code while}) returns early. The
 * toolkit's own spurious returns (5% of waits) are too rare to catch that in a handful of waits.
 */
final class SpuriousWaker implements AutoCloseable {

    private final List<AtomicInteger> words = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;

    SpuriousWaker(Object target) {
        for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || !AtomicInteger.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Object w = f.get(target);
                    if (w instanceof AtomicInteger ai) {
                        words.add(ai);
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // not reachable: no chaos on that field
                }
            }
        }
        thread = new Thread(this::loop, "spurious-waker");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stop) {
            LockSupport.parkNanos(300_000L);
            for (AtomicInteger w : words) {
                Futex.wakeAll(w);
            }
        }
    }

    /** How many futex words of the target it wakes. */
    int words() {
        return words.size();
    }

    @Override
    public void close() {
        stop = true;
    }
}
