package ladder.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import ladder.level4.ReadWriteLock;

/** Level 4: a read-mostly map-like workload: three readers and one writer on one lock. */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReadWriteLockBench {
    private final ReadWriteLock ladder = new ReadWriteLock();
    private final ReentrantReadWriteLock jdk = new ReentrantReadWriteLock();
    private long a;
    private long b;

    @Benchmark @Group("ladderRw") @GroupThreads(3)
    public long ladderRead() {
        ladder.lockRead();
        try {
            return a + b;
        } finally {
            ladder.unlockRead();
        }
    }

    @Benchmark @Group("ladderRw") @GroupThreads(1)
    public void ladderWrite() {
        ladder.lockWrite();
        try {
            a++;
            b--;
        } finally {
            ladder.unlockWrite();
        }
    }

    @Benchmark @Group("jdkRw") @GroupThreads(3)
    public long jdkRead() {
        jdk.readLock().lock();
        try {
            return a + b;
        } finally {
            jdk.readLock().unlock();
        }
    }

    @Benchmark @Group("jdkRw") @GroupThreads(1)
    public void jdkWrite() {
        jdk.writeLock().lock();
        try {
            a++;
            b--;
        } finally {
            jdk.writeLock().unlock();
        }
    }
}
