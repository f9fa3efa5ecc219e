package ladder.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import ladder.level7.AsyncAtomics;
import ladder.toolkit.EventLoop;

/**
 * Level 7: notify-to-resolution latency. Each invocation registers N waiters on one element,
 * then times one {@code notify(all)} until the last promise has resolved on the loop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WaitAsyncBench {
    @Param({"1000", "10000"})
    int waiters;

    private EventLoop loop;
    private AsyncAtomics atomics;
    private final AtomicIntegerArray cells = new AtomicIntegerArray(1);
    private CompletableFuture<?>[] promises;

    @Setup(Level.Trial)
    public void startLoop() {
        loop = new EventLoop("bench");
        atomics = new AsyncAtomics(loop);
    }

    @Setup(Level.Invocation)
    public void register() {
        promises = new CompletableFuture<?>[waiters];
        for (int i = 0; i < waiters; i++) {
            promises[i] = atomics.waitAsync(cells, 0, 0, Long.MAX_VALUE).promise();
        }
    }

    @Benchmark
    public Object notifyAllAndAwaitResolution() {
        atomics.notify(cells, 0, Integer.MAX_VALUE);
        return CompletableFuture.allOf(promises).join();
    }

    @TearDown(Level.Trial)
    public void stopLoop() {
        loop.close();
    }
}
