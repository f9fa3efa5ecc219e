package ladder.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/** Tells a long-running command (watch) that the person pressed Enter to stop it. */
public interface StopKeys extends AutoCloseable {

    /** Opens a fresh watcher for one command. */
    @FunctionalInterface
    interface Factory {
        StopKeys open();
    }

    /** Whether Enter was pressed since this was opened; never blocks for long. */
    boolean pressed();

    @Override
    default void close() {}

    /** Nobody can press anything (pipes, tests): only an interrupt stops the command. */
    static StopKeys none() {
        return () -> false;
    }

    /** One-shot run on a terminal: a daemon thread reads standard input for a line end. */
    static StopKeys onStdin() {
        AtomicBoolean hit = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            InputStream in = System.in;
            try {
                for (int c; (c = in.read()) >= 0; ) {
                    if (c == '\n' || c == '\r') {
                        hit.set(true);
                        return;
                    }
                }
            } catch (IOException ignored) {
                // no more input: only Ctrl-C stops
            }
        }, "ladder-stop-keys");
        reader.setDaemon(true);
        reader.start();
        return hit::get;
    }

    /**
     * Inside the shell: polls the shell's terminal. The terminal goes to raw mode meanwhile
     * (in cooked mode a read with a timeout blocks until a line is typed); Ctrl-C still
     * raises the INT signal, which the shell turns into an interrupt.
     */
    static StopKeys onTerminal(Terminal terminal) {
        Attributes saved = terminal.enterRawMode();
        NonBlockingReader reader = terminal.reader();
        AtomicBoolean hit = new AtomicBoolean();
        return new StopKeys() {
            @Override
            public boolean pressed() {
                try {
                    for (int c; !hit.get() && (c = reader.read(1L)) >= 0; ) {
                        hit.set(c == '\n' || c == '\r');
                    }
                } catch (IOException e) {
                    // the terminal is gone: only an interrupt stops the command
                }
                return hit.get();
            }

            @Override
            public void close() {
                terminal.setAttributes(saved);
            }
        };
    }
}
