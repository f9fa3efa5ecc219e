package ladder.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import ladder.level6.StripedCounter;

/** Level 6: every thread increments one shared counter. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(Threads.MAX)
public class CounterBench {
    private final StripedCounter striped = new StripedCounter();
    private final LongAdder adder = new LongAdder();
    private final AtomicLong atomic = new AtomicLong();

    @Benchmark
    public void stripedCounter() {
        striped.increment();
    }

    @Benchmark
    public void longAdder() {
        adder.increment();
    }

    @Benchmark
    public long atomicLong() {
        return atomic.incrementAndGet();
    }
}
