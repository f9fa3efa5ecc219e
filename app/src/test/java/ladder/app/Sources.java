package ladder.app;

/** Learner sources for end-to-end checks of level0 (a Mutex). */
final class Sources {
    private Sources() {}

    /** No mutual exclusion, and unlock() always refuses: every grader rejects it. */
    static final String BROKEN = """
            package ladder.level0;

            public final class Mutex {
                public Mutex() {}
                public void lock() {}
                public boolean tryLock() { return true; }
                public void unlock() { throw new IllegalMonitorStateException("never held"); }
                public boolean isHeldByCurrentThread() { return false; }
            }
            """;

    /** lock() parks forever: a hang in Mutex.lock. */
    static final String HANGS = """
            package ladder.level0;

            import java.util.concurrent.locks.LockSupport;

            public final class Mutex {
                public Mutex() {}
                public void lock() {
                    while (true) {
                        LockSupport.park(this);
                    }
                }
                public boolean tryLock() { return false; }
                public void unlock() {}
                public boolean isHeldByCurrentThread() { return false; }
            }
            """;

    /** lock() ends the JVM (through reflection, so the bytecode inspection lets it through). */
    static final String EXITS = """
            package ladder.level0;

            public final class Mutex {
                public Mutex() {}
                public void lock() {
                    try {
                        Runtime.class.getMethod("exit", int.class).invoke(Runtime.getRuntime(), 3);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                public boolean tryLock() { lock(); return true; }
                public void unlock() {}
                public boolean isHeldByCurrentThread() { return true; }
            }
            """;

    /** Does not compile (line 5). */
    static final String BROKEN_SYNTAX = """
            package ladder.level0;

            public final class Mutex {
                public Mutex() {}
                public void lock() { int x = ; }
                public boolean tryLock() { return true; }
                public void unlock() {}
                public boolean isHeldByCurrentThread() { return true; }
            }
            """;

    /** Uses a lock from java.util.concurrent.locks: refused before grading. */
    static final String FORBIDDEN = """
            package ladder.level0;

            import java.util.concurrent.locks.ReentrantLock;

            public final class Mutex {
                private final ReentrantLock lock = new ReentrantLock();
                public Mutex() {}
                public void lock() { lock.lock(); }
                public boolean tryLock() { return lock.tryLock(); }
                public void unlock() { lock.unlock(); }
                public boolean isHeldByCurrentThread() { return lock.isHeldByCurrentThread(); }
            }
            """;
}
