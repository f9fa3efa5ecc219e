package ladder.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ladder.course.ForbiddenApi;

class BytecodeInspectorTest {

    @TempDir Path dir;

    private static final List<ForbiddenApi> RULES = List.of(
            new ForbiddenApi("synchronized", "no monitors"),
            new ForbiddenApi("java/lang/Object#wait", "no wait"),
            new ForbiddenApi("java/lang/Object#notifyAll", "no notifyAll"),
            new ForbiddenApi("java/util/concurrent/locks/", "no locks"),
            new ForbiddenApi("java/lang/System#exit", "no exit"),
            new ForbiddenApi("java/util/concurrent/atomic/LongAdder", "no LongAdder"));

    private List<ForbiddenUse> inspect(String body) throws Exception {
        Path src = dir.resolve("src/ladder/level0/Probe.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package ladder.level0;\n" + body);
        Path out = Files.createDirectories(dir.resolve("out"));
        List<CompileProblem> problems = SourceCompiler.compile(List.of(src), dir, System.getProperty("java.class.path"), out);
        assertTrue(problems.isEmpty(), problems.toString());
        return new BytecodeInspector(RULES, List.of("java/util/concurrent/locks/LockSupport")).inspect(out);
    }

    private static List<String> apis(List<ForbiddenUse> uses) {
        return uses.stream().map(ForbiddenUse::api).toList();
    }

    @Test
    void cleanCodeUsingAtomicsAndLockSupportPasses() throws Exception {
        assertEquals(List.of(), inspect("""
                import java.util.concurrent.atomic.AtomicInteger;
                import java.util.concurrent.locks.LockSupport;
                public class Probe {
                    // a comment naming ReentrantLock and synchronized does not count
                    final AtomicInteger state = new AtomicInteger();
                    String s = "java.util.concurrent.locks.ReentrantLock";
                    void park() { LockSupport.park(this); }
                }
                """));
    }

    @Test
    void synchronizedMethodsAndBlocksAreFound() throws Exception {
        List<ForbiddenUse> uses = inspect("""
                public class Probe {
                    synchronized void a() {}
                    void b() { synchronized (this) { } }
                }
                """);
        assertEquals(2, uses.size(), uses.toString());
        assertTrue(uses.stream().allMatch(u -> u.api().equals("synchronized")));
        assertTrue(uses.get(1).where().startsWith("Probe.b(Probe.java:"), uses.get(1).where());
    }

    @Test
    void waitAndNotifyAreFoundWhateverTheReceiverType() throws Exception {
        List<ForbiddenUse> uses = inspect("""
                public class Probe {
                    void a() throws InterruptedException { wait(); }
                    void b(Probe other) { other.notifyAll(); }
                }
                """);
        assertEquals(List.of("java.lang.Object.wait()", "java.lang.Object.notifyAll()"), apis(uses));
    }

    @Test
    void classesOfAForbiddenPackageAreFoundButAllowedOnesPass() throws Exception {
        List<ForbiddenUse> uses = inspect("""
                public class Probe {
                    void a() {
                        var lock = new java.util.concurrent.locks.ReentrantLock();
                        lock.lock();
                        java.util.concurrent.locks.LockSupport.unpark(Thread.currentThread());
                    }
                }
                """);
        assertTrue(apis(uses).contains("java.util.concurrent.locks.ReentrantLock"), uses.toString());
        assertTrue(apis(uses).stream().noneMatch(a -> a.contains("LockSupport")), uses.toString());
    }

    @Test
    void methodReferencesAndExitAreFound() throws Exception {
        List<ForbiddenUse> uses = inspect("""
                import java.util.function.Supplier;
                public class Probe {
                    void a() { Supplier<Object> s = java.util.concurrent.atomic.LongAdder::new; System.exit(3); }
                }
                """);
        assertTrue(apis(uses).contains("java.util.concurrent.atomic.LongAdder"), uses.toString());
        assertTrue(apis(uses).contains("java.lang.System.exit()"), uses.toString());
    }
}
