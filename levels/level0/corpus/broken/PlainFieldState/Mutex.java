package ladder.level0;

/** Broken: the lock's state is a plain boolean, with no atomic or volatile access anywhere. */
public final class Mutex {
    private boolean locked; // BUG: plain field: no atomicity, no visibility, the JIT may cache it
    private Thread owner;

    public Mutex() {}

    public void lock() {
        while (locked) {
            // wait for the holder to let go
        }
        locked = true;
        owner = Thread.currentThread();
    }

    public boolean tryLock() {
        if (locked) {
            return false;
        }
        locked = true;
        owner = Thread.currentThread();
        return true;
    }

    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException();
        }
        owner = null;
        locked = false;
    }

    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
