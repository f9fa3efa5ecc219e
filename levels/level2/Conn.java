package level2;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A pooled resource for the ResourcePool scenarios: compared by identity (as connections are),
 * and carrying an occupancy probe: the name of the thread that leased it, or null while free.
 */
final class Conn {
    final int id;
    final AtomicReference<String> holder = new AtomicReference<>();

    Conn(int id) {
        this.id = id;
    }

    @Override
    public String toString() {
        return "conn-" + id;
    }
}
