package ladder.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ladder.app.progress.LevelStatus;
import ladder.app.progress.Progress;
import ladder.app.progress.ProgressStore;
import ladder.app.progress.Reveal;
import ladder.course.Course;
import ladder.course.Level;

class ResetRevealTest {

    @TempDir
    Path tmp;
    Cli cli;
    Path ws;
    Path mutex;
    Level level0;

    @BeforeEach
    void workspace() throws IOException {
        cli = new Cli(tmp);
        assertEquals(0, cli.run("init").code());
        ws = tmp.resolve("ladder-workspace");
        mutex = ws.resolve("src/main/java/ladder/level0/Mutex.java");
        Files.writeString(mutex, "// my attempt");
        level0 = Course.load().find("level0").orElseThrow();
    }

    private List<Path> backups() throws IOException {
        Path dir = ws.resolve(".ladder/backup");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private Progress progress() throws IOException {
        return new ProgressStore(ws.resolve(".ladder/progress.json"), Course.load().ids(), m -> { }).read();
    }

    @Test
    void resetWithYesBacksUpAndRestores() throws IOException {
        Cli.Result r = cli.run("reset", "level0", "--yes");
        assertEquals(0, r.code(), r.all());
        assertEquals(Course.load().skeleton(level0, "Mutex"), Files.readString(mutex));
        List<Path> backups = backups();
        assertEquals(1, backups.size());
        assertTrue(backups.get(0).getFileName().toString().startsWith("level0-"), backups.toString());
        assertEquals("// my attempt", Files.readString(backups.get(0).resolve("Mutex.java")));
    }

    @Test
    void resetWithoutTerminalOrYesRefuses() throws IOException {
        Cli.Result r = cli.run("reset", "level0");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--yes"), r.err());
        assertEquals("// my attempt", Files.readString(mutex));
        assertTrue(backups().isEmpty());
    }

    @Test
    void resetAsksAndHonoursTheAnswer() throws IOException {
        cli.customize = c -> c.withPrompter(q -> "n");
        assertEquals(1, cli.run("reset", "level0").code());
        assertEquals("// my attempt", Files.readString(mutex));

        cli.customize = c -> c.withPrompter(q -> "y");
        assertEquals(0, cli.run("reset", "level0").code());
        assertEquals(Course.load().skeleton(level0, "Mutex"), Files.readString(mutex));
        assertEquals(1, backups().size());
    }

    @Test
    void revealIsRefusedBeforeThePass() throws IOException {
        Cli.Result r = cli.run("reveal", "level0");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("once you pass"), r.err());
        assertFalse(r.out().contains("class Mutex"));
        assertTrue(progress().level("level0").reveals().isEmpty());
    }

    @Test
    void revealInInstructorModeIsAllowedAndRecorded() throws IOException {
        Cli.Result r = cli.run("reveal", "level0", "--instructor");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("class Mutex"), r.out());
        cli.env.put("LADDER_INSTRUCTOR", "1");
        assertEquals(0, cli.run("reveal", "0").code());
        List<Reveal> reveals = progress().level("level0").reveals();
        assertEquals(2, reveals.size());
        assertTrue(reveals.stream().allMatch(Reveal::instructor));
        assertEquals("level0", reveals.get(0).level());
    }

    @Test
    void revealIsAllowedAfterThePassAndRecorded() throws IOException {
        new ProgressStore(ws.resolve(".ladder/progress.json"), Course.load().ids(), m -> { })
                .update(p -> p.level("level0").recordCheck(LevelStatus.PASSED, "PASSED", "passed", "2026-01-01T00:00:00Z"));
        Cli.Result r = cli.run("reveal", "level0");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("class Mutex"), r.out());
        List<Reveal> reveals = progress().level("level0").reveals();
        assertEquals(1, reveals.size());
        assertFalse(reveals.get(0).instructor());
        assertTrue(cli.run("list").out().contains("yes (1)"));
    }

    @Test
    void hintsAreShownOneByOneAndRecorded() throws IOException {
        int total = level0.hints().size();
        Cli.Result first = cli.run("hint", "level0");
        assertEquals(0, first.code());
        assertTrue(first.out().contains("Hint 1 of " + total), first.out());
        assertEquals(1, progress().level("level0").hintsShown());
        for (int i = 0; i < total + 1; i++) {
            cli.run("hint", "level0");
        }
        assertEquals(total, progress().level("level0").hintsShown());
        Cli.Result all = cli.run("hint", "level0", "--all");
        assertTrue(all.out().contains("Hint " + total + " of " + total), all.out());
    }
}
