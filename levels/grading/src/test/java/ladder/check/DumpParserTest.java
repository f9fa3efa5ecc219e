package ladder.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import ladder.grading.result.ThreadReport;

class DumpParserTest {

    @Test
    void keepsThreadsStandingInLearnerCodeWithWhereTheyWait() {
        List<String> dump = List.of(
                "Full thread dump OpenJDK 64-Bit Server VM (25+36-LTS mixed mode):",
                "",
                "\"worker-1\" #31 [1234] daemon prio=5 os_prio=0 cpu=1.2ms elapsed=3.4s tid=0x1 nid=2 waiting on condition  [0x2]",
                "   java.lang.Thread.State: WAITING (parking)",
                "\tat jdk.internal.misc.Unsafe.park(java.base@25/Native Method)",
                "\tat java.util.concurrent.locks.LockSupport.park(java.base@25/LockSupport.java:371)",
                "\tat ladder.toolkit.Futex.awaitNanos(Futex.java:190)",
                "\tat ladder.toolkit.Futex.await(Futex.java:85)",
                "\tat ladder.level0.Mutex.lock(Mutex.java:42)",
                "\tat level0.MutexGrader.lambda$x$1(MutexGrader.java:10)",
                "",
                "\"main\" #1 [99] prio=5 os_prio=0 cpu=1ms elapsed=3s tid=0x3 nid=4 waiting on condition",
                "   java.lang.Thread.State: TIMED_WAITING (sleeping)",
                "\tat java.lang.Thread.sleep(java.base@25/Native Method)");
        List<ThreadReport> threads = GraderProcess.DumpParser.learnerThreads(dump);
        assertEquals(1, threads.size(), threads.toString());
        ThreadReport t = threads.get(0);
        assertEquals("worker-1", t.name());
        assertEquals("WAITING", t.state());
        assertEquals("Futex.await(Futex.java:85)", t.waitingIn());
        assertEquals(List.of("Mutex.lock(Mutex.java:42)"), t.learnerFrames());
    }
}
