package ladder.app.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.InfoCmp;

import ladder.app.AppContext;
import ladder.app.Ladder;
import ladder.app.cli.CommonOptions;
import ladder.app.cli.InitCommand;
import ladder.app.progress.ProgressStore;
import ladder.app.render.Ui;
import ladder.app.workspace.Workspace;
import ladder.app.workspace.WorkspaceInitializer;
import ladder.course.Course;
import picocli.CommandLine;

/**
 * The interactive shell: a JLine line reader over the picocli commands, with completion
 * (commands, options, level ids), history in the workspace ({@code .ladder/history}) and a
 * prompt naming the next level. A command's failure never ends the shell; Ctrl-C stops the
 * running command (a check, a watch) or clears the line; {@code exit}, {@code quit} or Ctrl-D
 * leave.
 */
public final class Shell {

    private final AppContext base;
    private final CommonOptions options;
    private volatile Thread running;
    private static final long T0 = System.nanoTime();

    public Shell(AppContext base, CommonOptions options) {
        this.base = base;
        this.options = options;
    }

    /** {@code ladder} with no arguments; any failure to start is one line on standard error. */
    public static int start(AppContext ctx) {
        preload();
        try {
            return new Shell(ctx, new CommonOptions()).run();
        } catch (ladder.app.LadderException e) {
            ctx.stderr().println(e.getMessage());
            return e.exitCode();
        } catch (IOException | RuntimeException e) {
            ctx.stderr().println("ladder: the shell could not start: " + e);
            return 1;
        }
    }

    /** Runs on the process's terminal (or a dumb one when there is none, without a warning). */
    public int run() throws IOException {
        boolean nativeOk = AppContext.nativeAccessAllowed();
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).name("ladder")
                .ffm(nativeOk).jni(nativeOk).build()) {
            return run(terminal);
        }
    }

    /** Runs on {@code terminal} until exit, quit or end of input. */
    public int run(Terminal terminal) throws IOException {
        trace(base, "terminal", T0);
        PrintWriter out = terminal.writer();
        AppContext plainCtx = options.noColor() ? withEnv(base, "NO_COLOR", "1") : base;
        Workspace ws = workspace(plainCtx, terminal, out);
        if (ws == null) {
            return 1;
        }
        LineReader[] readerRef = new LineReader[1];
        AppContext ctx = plainCtx.inShell(terminal, ws.root(), question -> ask(readerRef[0], question));
        // The commands, the course and the progress file load on another core while JLine starts.
        CompletableFuture<CommandLine> commands = CompletableFuture.supplyAsync(() -> {
            CommandLine cl = Ladder.create(ctx, out, out);
            cl.setUsageHelpWidth(Math.max(60, Math.min(120, ctx.width())));
            ctx.course();
            return cl;
        }, Shell::daemon);
        Ui ui = Ui.of(ctx, false);
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("ladder")
                .completer(new ShellCompleter(commands))
                .variable(LineReader.HISTORY_FILE, ws.historyFile())
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
        readerRef[0] = reader;
        if (!ui.ansi()) { // NO_COLOR: completion lists without colours (a selection stays in inverse video)
            for (String style : List.of(LineReader.COMPLETION_STYLE_GROUP, LineReader.COMPLETION_STYLE_LIST_GROUP,
                    LineReader.COMPLETION_STYLE_DESCRIPTION, LineReader.COMPLETION_STYLE_LIST_DESCRIPTION,
                    LineReader.COMPLETION_STYLE_STARTING, LineReader.COMPLETION_STYLE_LIST_STARTING,
                    LineReader.COMPLETION_STYLE_BACKGROUND, LineReader.COMPLETION_STYLE_LIST_BACKGROUND)) {
                reader.setVariable(style, style.contains("BACKGROUND") ? "bg:default" : "fg:default");
            }
        }
        terminal.handle(Terminal.Signal.INT, signal -> {
            Thread t = running;
            if (t != null) {
                t.interrupt();
            }
        });
        banner(ui, out, ws);
        try {
            loop(reader, commands, ctx, ui, out, ws);
        } finally {
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                out.println("ladder: could not save the history: " + e.getMessage());
            }
        }
        out.println("Bye.");
        out.flush();
        return 0;
    }

    /**
     * Reads the course and readies the JSON mapper on another core while JLine sets up the
     * terminal: both are needed for the first prompt (it names the next level).
     */
    static void preload() {
        CompletableFuture.runAsync(() -> {
            try {
                Course.load();
                ladder.app.progress.Json.mapper().readValue("{\"schema\":1,\"levels\":{\"level0\":{}}}",
                        ladder.app.progress.Progress.class);
            } catch (IOException | RuntimeException ignored) {
                // the real use reports it
            }
        }, Shell::daemon);
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "ladder-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void trace(AppContext ctx, String what, long t0) {
        if (ctx.env("LADDER_TRACE") != null) {
            System.err.printf("ladder: %s after %d ms (JVM up %d ms)%n", what, (System.nanoTime() - t0) / 1_000_000,
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        }
    }

    private void loop(LineReader reader, CompletableFuture<CommandLine> commands, AppContext ctx, Ui ui, PrintWriter out,
                      Workspace ws) {
        while (true) {
            String line;
            try {
                String prompt = prompt(ui, ctx, ws, out);
                trace(ctx, "prompt", T0);
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt: a fresh line
            } catch (EndOfFileException e) {
                return;
            }
            List<String> words = new ArrayList<>();
            for (String w : reader.getParsedLine().words()) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            if (words.isEmpty()) {
                continue;
            }
            if (ShellCompleter.SHELL_WORDS.contains(words.get(0))) {
                return;
            }
            if (words.get(0).equals(ShellCompleter.CLEAR)) {
                reader.getTerminal().puts(InfoCmp.Capability.clear_screen);
                reader.getTerminal().flush();
                continue;
            }
            execute(commands.join(), ctx, words, out);
            if (words.get(0).equals("help") && words.size() == 1) {
                out.println("In the shell: Tab completes, Ctrl-C stops a running check or watch, clear (or Ctrl-L) clears the screen, exit/quit/Ctrl-D leaves.");
            }
            out.flush();
        }
    }

    private void execute(CommandLine cl, AppContext ctx, List<String> words, PrintWriter out) {
        running = Thread.currentThread();
        try {
            Ladder.execute(cl, ctx, words.toArray(String[]::new));
        } catch (Throwable t) { // never let a command end the shell
            out.println("ladder: " + words.get(0) + " failed: " + t);
        } finally {
            running = null;
            Thread.interrupted(); // a Ctrl-C that came late must not hit the next command
        }
    }

    private static String prompt(Ui ui, AppContext ctx, Workspace ws, PrintWriter out) {
        String next;
        try {
            Course course = ctx.course();
            next = new ProgressStore(ws.progressFile(), course.ids(), out::println).read().next(course.ids()).orElse("done");
        } catch (IOException | RuntimeException e) {
            next = "?";
        }
        return ui.render(new AttributedStringBuilder().styled(Ui.BOLD, "ladder").append(" ")
                .styled(Ui.ACCENT, "(" + next + ")").append("> ").toAttributedString());
    }

    private static void banner(Ui ui, PrintWriter out, Workspace ws) {
        ui.println(out, new AttributedStringBuilder().styled(Ui.BOLD, "ladder")
                .append(": build concurrency primitives from atomics, and prove them.").toAttributedString());
        ui.println(out, Ui.FAINT, "Workspace " + ws.root() + ". Type `list`, `lesson level0`, `check level0`, `help`; Tab completes.");
        out.flush();
    }

    /** The workspace named, or around, or a new default one (said so). Null when none can be had. */
    private Workspace workspace(AppContext ctx, Terminal terminal, PrintWriter out) throws IOException {
        Path named = options.workspace();
        if (named != null) {
            Path dir = ctx.cwd().resolve(named);
            if (!Workspace.isWorkspace(dir)) {
                out.println(dir + " is not a ladder workspace (no .ladder/progress.json): run `ladder init " + named + "`.");
                out.flush();
                return null;
            }
            return new Workspace(dir);
        }
        var found = Workspace.find(ctx.cwd());
        if (found.isPresent()) {
            return found.get();
        }
        Path dir = ctx.cwd().resolve(Workspace.DEFAULT_NAME);
        WorkspaceInitializer.Created created = new WorkspaceInitializer(ctx.course()).create(dir);
        out.println("No workspace here yet, so the ladder made one for you.");
        InitCommand.report(Ui.of(ctx.inShell(terminal, dir, null), false), created, out, true);
        out.println();
        return created.workspace();
    }

    private static String ask(LineReader reader, String question) {
        Object before = reader.getVariable(LineReader.DISABLE_HISTORY);
        reader.setVariable(LineReader.DISABLE_HISTORY, true); // answers are not commands
        try {
            return reader.readLine(question);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, before == null ? false : before);
        }
    }

    private static AppContext withEnv(AppContext ctx, String name, String value) {
        Map<String, String> env = new java.util.HashMap<>(ctx.env());
        env.put(name, value);
        return ctx.withEnv(env);
    }
}
