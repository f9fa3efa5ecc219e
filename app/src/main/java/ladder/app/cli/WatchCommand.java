package ladder.app.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ladder.app.AppContext;
import ladder.app.StopKeys;
import ladder.app.LadderException;
import ladder.app.progress.ProgressStore;
import ladder.app.render.Ui;
import ladder.app.workspace.Workspace;
import ladder.course.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = {"Check a level now and again on every save of its files (Enter or Ctrl-C stops).",
            "Default level: the next one."})
public final class WatchCommand extends BaseCommand {

    /** Quiet time after the last change before re-checking: editors save in bursts. */
    static final long DEBOUNCE_MILLIS = 300;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LEVEL", converter = LevelConverter.class,
            completionCandidates = LevelConverter.Ids.class, description = "level0 … (or 0 …); default: the next level")
    Level level;

    @Option(names = "--max-checks", hidden = true, description = "Stop after this many checks (for tests).")
    int maxChecks;

    public WatchCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws IOException {
        Workspace ws = workspace();
        ProgressStore store = progress(ws);
        Level target = level != null ? level : course().find(store.read().next(course().ids())
                .orElseThrow(() -> new LadderException("Every level is passed: name one to watch, `watch level0`.")))
                .orElseThrow();
        List<Path> dirs = new ArrayList<>();
        for (Level l : course().compileSet(target)) {
            dirs.add(Files.createDirectories(ws.levelDir(l)));
        }
        CheckRunner runner = new CheckRunner(course(), ui(), out());
        int checks = 0;
        int last = 1;
        try (WatchService watcher = FileSystems.getDefault().newWatchService(); StopKeys keys = ctx.stopKeys()) {
            for (Path d : dirs) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
            while (true) {
                last = runner.run(ws, store, target, CheckCommand.randomSeed(), List.of()).outcome().exitCode();
                checks++;
                if (maxChecks > 0 && checks >= maxChecks) {
                    return last;
                }
                out().println();
                ui().println(out(), Ui.ACCENT, "Watching " + String.join(", ", dirs.stream().map(ws::display).toList())
                        + ": save a file to check again; Enter or Ctrl-C stops.");
                out().flush();
                if (!awaitChange(watcher, keys)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            out().println();
            out().println(e.getMessage() == null ? "Interrupted." : e.getMessage());
        }
        Thread.interrupted(); // the interrupt ended the watch, not the shell
        out().println();
        ui().println(out(), Ui.FAINT, "Stopped watching " + target.id() + ".");
        return last;
    }

    /** Waits for a change to a .java file, then for a quiet spell; false when asked to stop. */
    private static boolean awaitChange(WatchService watcher, StopKeys keys) throws InterruptedException {
        long changedAt = 0;
        while (true) {
            if (keys.pressed() || Thread.currentThread().isInterrupted()) {
                return false;
            }
            WatchKey key = watcher.poll(100, TimeUnit.MILLISECONDS);
            if (key != null) {
                for (WatchEvent<?> ev : key.pollEvents()) {
                    Object ctx = ev.context();
                    if (ev.kind() == StandardWatchEventKinds.OVERFLOW || ctx != null && ctx.toString().endsWith(".java")) {
                        changedAt = System.nanoTime();
                    }
                }
                key.reset();
            } else if (changedAt != 0 && System.nanoTime() - changedAt > TimeUnit.MILLISECONDS.toNanos(DEBOUNCE_MILLIS)) {
                return true;
            }
        }
    }
}
