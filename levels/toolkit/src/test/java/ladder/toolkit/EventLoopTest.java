package ladder.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EventLoopTest {

    @Test
    void runsTasksInOrderOnItsOwnThread() throws Exception {
        try (EventLoop loop = new EventLoop("t")) {
            List<Integer> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                loop.execute(() -> seen.add(n));
            }
            loop.execute(() -> onLoop.complete(loop.inEventLoop()));
            assertTrue(onLoop.get(5, TimeUnit.SECONDS));
            assertFalse(loop.inEventLoop());
            assertEquals(100, seen.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(i, seen.get(i));
            }
        }
    }

    @Test
    void timersFireAndCancelledTimersLeaveNoTrace() throws Exception {
        try (EventLoop loop = new EventLoop("t")) {
            CountDownLatch fired = new CountDownLatch(1);
            loop.schedule(fired::countDown, 10);
            assertTrue(fired.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 10_000; i++) {
                EventLoop.Timer t = loop.schedule(() -> { throw new AssertionError("cancelled timer ran"); }, 60_000);
                assertTrue(t.cancel());
            }
            assertEquals(0, loop.pendingTimers());
        }
    }

    @Test
    void aThrowingTaskDoesNotStopTheLoop() throws Exception {
        Thread.UncaughtExceptionHandler old = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> { });
        try (EventLoop loop = new EventLoop("t")) {
            loop.execute(() -> { throw new IllegalStateException("boom"); });
            CompletableFuture<String> after = new CompletableFuture<>();
            loop.execute(() -> after.complete("still running"));
            assertEquals("still running", after.get(5, TimeUnit.SECONDS));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(old);
        }
    }
}
