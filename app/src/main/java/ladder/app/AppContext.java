package ladder.app;

import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;

import org.jline.terminal.Terminal;

import ladder.course.Course;

/**
 * What a command may know about the world it runs in: the current directory, the environment,
 * whether a person sits at a terminal, and, inside the shell, the shell's terminal and
 * workspace. One-shot runs use {@link #system()}; tests build their own with the withers.
 */
public final class AppContext {

    /** Asks the person at the terminal a question; null when there is nobody to ask. */
    @FunctionalInterface
    public interface Prompter {
        /** @return the answer, or null at end of input */
        String ask(String question) throws IOException;
    }

    private final Path cwd;
    private final Map<String, String> env;
    private final boolean interactive;
    private final Charset charset;
    private final Terminal terminal;
    private final Path shellWorkspace;
    private final Prompter prompter;
    private final StopKeys.Factory stopKeys;
    private final IntSupplier width;

    private AppContext(Path cwd, Map<String, String> env, boolean interactive, Charset charset, Terminal terminal,
                       Path shellWorkspace, Prompter prompter, StopKeys.Factory stopKeys, IntSupplier width) {
        this.cwd = cwd.toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
        this.interactive = interactive;
        this.charset = charset;
        this.terminal = terminal;
        this.shellWorkspace = shellWorkspace;
        this.prompter = prompter;
        this.stopKeys = stopKeys;
        this.width = width;
    }

    /** The real process: its directory, environment, standard streams and terminal (if any). */
    public static AppContext system() {
        boolean tty = Terminals.stdioIsTerminal() && !"dumb".equals(System.getenv("TERM"));
        Charset cs = Terminals.stdoutCharset();
        Prompter prompter = tty ? Terminals::askOnConsole : null;
        StopKeys.Factory keys = tty ? StopKeys::onStdin : StopKeys::none;
        return new AppContext(Path.of(""), System.getenv(), tty, cs, null, null, prompter, keys,
                tty ? Terminals::probeWidth : () -> Terminals.widthFromEnv(System.getenv()));
    }

    /** A context with no terminal (tests): plain output, nobody to ask, 100 columns. */
    public static AppContext detached(Path cwd, Map<String, String> env) {
        return new AppContext(cwd, env, false, java.nio.charset.StandardCharsets.UTF_8, null, null, null,
                StopKeys::none, () -> 100);
    }

    public AppContext withInteractive(boolean value) {
        return new AppContext(cwd, env, value, charset, terminal, shellWorkspace, prompter, stopKeys, width);
    }

    public AppContext withEnv(Map<String, String> value) {
        return new AppContext(cwd, value, interactive, charset, terminal, shellWorkspace, prompter, stopKeys, width);
    }

    public AppContext withPrompter(Prompter value) {
        return new AppContext(cwd, env, interactive, charset, terminal, shellWorkspace, value, stopKeys, width);
    }

    public AppContext withStopKeys(StopKeys.Factory value) {
        return new AppContext(cwd, env, interactive, charset, terminal, shellWorkspace, prompter, value, width);
    }

    /** Inside the shell: its terminal decides colours, width and prompts; commands default to its workspace. */
    public AppContext inShell(Terminal term, Path workspace, Prompter ask) {
        boolean tty = !Terminal.TYPE_DUMB.equals(term.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(term.getType());
        return new AppContext(cwd, env, tty, term.encoding(), term, workspace, ask, () -> StopKeys.onTerminal(term),
                () -> term.getWidth() > 0 ? term.getWidth() : 80);
    }

    public Path cwd() {
        return cwd;
    }

    public Map<String, String> env() {
        return env;
    }

    public String env(String name) {
        return env.get(name);
    }

    /** Whether a person reads the output on a terminal (not a pipe, not a dumb terminal). */
    public boolean interactive() {
        return interactive;
    }

    public Charset charset() {
        return charset;
    }

    /** The shell's terminal, or null in a one-shot run. */
    public Terminal terminal() {
        return terminal;
    }

    public boolean inShell() {
        return terminal != null;
    }

    /** The shell's workspace, or null. */
    public Path shellWorkspace() {
        return shellWorkspace;
    }

    /** Null when nobody can be asked (no terminal). */
    public Prompter prompter() {
        return prompter;
    }

    public StopKeys stopKeys() {
        return stopKeys.open();
    }

    public int width() {
        int w = width.getAsInt();
        return w < 40 ? 80 : w;
    }

    /** The course packaged in the ladder, read on first use (keeps startup fast). */
    public Course course() {
        return Course.load();
    }

    /** Writers on the process's standard streams in the terminal's encoding. */
    public PrintWriter stdout() {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), charset), true);
    }

    public PrintWriter stderr() {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), charset), true);
    }

    @Override
    public String toString() {
        return "AppContext[cwd=" + cwd + ", interactive=" + interactive + ", shell=" + inShell() + "]";
    }

    /**
     * Whether JLine may use its FFM/JNI terminal providers without the JDK printing native-access
     * warnings: always on JDK 21; on JDK 22+ when the jar's manifest ({@code java -jar}) or
     * {@code --enable-native-access} allows it. Otherwise JLine falls back to its exec provider.
     */
    public static boolean nativeAccessAllowed() {
        try {
            Method m = Module.class.getMethod("isNativeAccessEnabled");
            return (Boolean) m.invoke(AppContext.class.getModule());
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Helpers that touch the real process's terminal. */
    static final class Terminals {
        private Terminals() {}

        /**
         * Whether standard input and output are a terminal. {@code System.console()} is non-null
         * for pipes on JDK 22+, where {@code Console.isTerminal()} (absent on 21) tells the truth.
         */
        static boolean stdioIsTerminal() {
            Console c = System.console();
            if (c == null) {
                return false;
            }
            try {
                Method isTerminal = Console.class.getMethod("isTerminal");
                return (Boolean) isTerminal.invoke(c);
            } catch (NoSuchMethodException e) {
                return true; // JDK 21: a console exists only when both ends are a terminal
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }

        static Charset stdoutCharset() {
            String name = System.getProperty("stdout.encoding");
            try {
                return name == null ? Charset.defaultCharset() : Charset.forName(name);
            } catch (RuntimeException e) {
                return Charset.defaultCharset();
            }
        }

        static String askOnConsole(String question) {
            Console c = Objects.requireNonNull(System.console());
            return c.readLine("%s", question);
        }

        static int widthFromEnv(Map<String, String> env) {
            try {
                return Integer.parseInt(env.getOrDefault("COLUMNS", "80").trim());
            } catch (NumberFormatException e) {
                return 80;
            }
        }

        /** The terminal's width, asked once through JLine (only commands that wrap text pay for it). */
        static int probeWidth() {
            Integer w = probed;
            if (w == null) {
                boolean ok = nativeAccessAllowed();
                try (Terminal t = org.jline.terminal.TerminalBuilder.builder().system(true).dumb(true)
                        .ffm(ok).jni(ok).build()) {
                    w = t.getWidth();
                } catch (IOException | RuntimeException e) {
                    w = 0;
                }
                if (w <= 0) {
                    w = widthFromEnv(System.getenv());
                }
                probed = w;
            }
            return w;
        }

        private static volatile Integer probed;
    }
}
