package ladder.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import ladder.app.AppContext;
import ladder.app.LadderException;
import ladder.app.render.Ui;
import ladder.app.workspace.Workspace;
import ladder.course.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reset", description = "Restore a level's skeleton; your version is moved to .ladder/backup/LEVEL-<time>/.")
public final class ResetCommand extends BaseCommand {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Parameters(index = "0", paramLabel = "LEVEL", converter = LevelConverter.class,
            completionCandidates = LevelConverter.Ids.class, description = "level0 … (or 0 …)")
    Level level;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    public ResetCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws IOException {
        Workspace ws = workspace();
        Path dir = ws.levelDir(level);
        if (!yes && !confirmed(ws, dir)) {
            out().println("Nothing changed.");
            return 1;
        }
        Path backup = backup(ws, dir);
        Files.createDirectories(dir);
        for (String cls : level.classes()) {
            Files.writeString(dir.resolve(cls + ".java"), course().skeleton(level, cls));
        }
        ui().println(out(), Ui.GOOD, ui().sym("✓", "+") + " Restored the skeleton of " + level.id() + " in " + ws.display(dir) + ".");
        if (backup != null) {
            out().println("  Your version is in " + ws.display(backup) + ".");
        }
        return 0;
    }

    private boolean confirmed(Workspace ws, Path dir) throws IOException {
        AppContext.Prompter prompter = ctx.prompter();
        if (prompter == null) {
            throw new LadderException("reset replaces your code in " + ws.display(dir)
                    + " and needs a confirmation: run it in a terminal, or pass --yes.");
        }
        String answer = prompter.ask("Restore the skeleton of " + level.id() + " (your version goes to .ladder/backup/)? [y/N] ");
        return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
    }

    /** Moves every file of the level's folder aside; null when there was nothing to keep. */
    private static Path backup(Workspace ws, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.isEmpty()) {
            return null;
        }
        String base = dir.getFileName() + "-" + LocalDateTime.now().format(STAMP);
        Path target = ws.backupDir().resolve(base);
        for (int i = 2; Files.exists(target); i++) {
            target = ws.backupDir().resolve(base + "-" + i);
        }
        Files.createDirectories(target);
        for (Path f : files) {
            Files.move(f, target.resolve(f.getFileName()));
        }
        return target;
    }
}
