package ladder.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import ladder.app.cli.CommonOptions;
import ladder.app.shell.Shell;
import ladder.course.Course;

/** Drives the real shell (JLine line reader, completer, history) in a virtual terminal. */
class ShellTest {

    @TempDir
    Path tmp;

    /** What the terminal showed, escape codes stripped; waits are bounded and poll, never fixed sleeps. */
    static final class Screen extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int mark;

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return AttributedString.stripAnsi(bytes.toString(StandardCharsets.UTF_8));
        }

        /** From now on, {@link #await} looks only at what comes next. */
        synchronized void mark() {
            mark = text().length();
        }

        synchronized String await(String expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String since = text().substring(Math.min(mark, text().length()));
                if (since.contains(expected)) {
                    return since;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the shell did not show '" + expected + "' within " + timeout
                            + "; it showed:\n" + since);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Test
    @Timeout(180)
    void completesCommandsAndLevelsRunsCommandsAndSurvivesFailures() throws Exception {
        Cli cli = new Cli(tmp);
        assertEquals(0, cli.run("init").code());
        Path ws = tmp.resolve("ladder-workspace");
        Map<String, String> env = new HashMap<>();
        env.put("NO_COLOR", "1");

        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys, 1 << 16);
        Screen screen = new Screen();
        Terminal terminal = new ExternalTerminal("test", "xterm-256color", in, screen, StandardCharsets.UTF_8);
        terminal.setSize(new Size(120, 40));
        int[] exit = {-1};
        Thread shell = new Thread(() -> {
            try {
                exit[0] = new Shell(AppContext.detached(ws, env), new CommonOptions()).run(terminal);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, "shell-under-test");
        shell.setDaemon(true);
        shell.start();
        Duration wait = Duration.ofSeconds(60);
        screen.await("ladder (level0)> ", wait);

        screen.mark();
        type(keys, "che\t");
        screen.await("check ", wait);
        type(keys, "lev\t");
        String shown = screen.await("check level", wait);
        for (String id : Course.load().ids()) {
            if (!shown.contains(id)) {
                shown = screen.await(id, wait); // listed as a candidate when there are several
            }
        }
        type(keys, "\u0015"); // Ctrl-U: drop the line

        screen.mark();
        type(keys, "hint 0\r");
        screen.await("Hint 1 of", wait);
        screen.await("ladder (level0)> ", wait);

        screen.mark();
        type(keys, "frobnicate\r");
        screen.await("unknown command 'frobnicate'", wait);
        screen.await("ladder (level0)> ", wait);

        screen.mark();
        type(keys, "check level42\r");
        screen.await("valid levels are", wait);
        screen.await("ladder (level0)> ", wait);

        type(keys, "exit\r");
        shell.join(wait.toMillis());
        assertFalse(shell.isAlive(), "exit ends the shell");
        assertEquals(0, exit[0]);
        String history = Files.readString(ws.resolve(".ladder/history"));
        assertTrue(history.contains("hint 0"), history);
    }

    @Test
    @Timeout(120)
    void withoutAWorkspaceTheShellMakesTheDefaultOneAndSaysSo() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys, 1 << 16);
        Screen screen = new Screen();
        Terminal terminal = new ExternalTerminal("test", "dumb", in, screen, StandardCharsets.UTF_8);
        int[] exit = {-1};
        Thread shell = new Thread(() -> {
            try {
                exit[0] = new Shell(AppContext.detached(tmp, Map.of()), new CommonOptions()).run(terminal);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, "shell-under-test");
        shell.setDaemon(true);
        shell.start();
        Duration wait = Duration.ofSeconds(60);
        String shown = screen.await("ladder (level0)> ", wait);
        assertTrue(shown.contains("Created a ladder workspace in " + tmp.resolve("ladder-workspace")), shown);
        assertTrue(Files.isRegularFile(tmp.resolve("ladder-workspace/.ladder/progress.json")));
        assertFalse(shown.contains("\u001b"), "a dumb terminal gets no escape codes: " + shown);
        keys.close(); // Ctrl-D / end of input ends the shell
        shell.join(wait.toMillis());
        assertFalse(shell.isAlive());
        assertEquals(0, exit[0]);
    }

    private static void type(PipedOutputStream keys, String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }
}
