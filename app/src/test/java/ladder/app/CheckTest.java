package ladder.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ladder.app.progress.Json;
import ladder.app.progress.LevelProgress;
import ladder.app.progress.LevelStatus;
import ladder.app.progress.Progress;
import ladder.check.CheckResult;
import ladder.check.Outcome;
import ladder.course.Course;
import ladder.course.Level;
import ladder.grading.result.ScenarioResult;
import ladder.grading.result.Status;
import ladder.grading.result.ThreadReport;

/** {@code check} end to end: the real pipeline, a forked grader JVM, results and progress files. */
class CheckTest {

    @TempDir
    Path tmp;
    Cli cli;
    Path ws;
    Level level0;

    @BeforeEach
    void workspace() {
        cli = new Cli(tmp);
        assertEquals(0, cli.run("init").code());
        ws = tmp.resolve("ladder-workspace");
        level0 = Course.load().find("level0").orElseThrow();
    }

    private void write(String source) throws IOException {
        Files.writeString(ws.resolve("src/main/java/ladder/level0/Mutex.java"), source);
    }

    private CheckResult result() throws IOException {
        return Json.mapper().readValue(ws.resolve(".ladder/results/level0.json").toFile(), CheckResult.class);
    }

    private LevelProgress progress() throws IOException {
        return Json.mapper().readValue(ws.resolve(".ladder/progress.json").toFile(), Progress.class).level("level0");
    }

    @Test
    void theReferencePassesAndIsRecorded() throws IOException {
        for (String cls : level0.classes()) {
            Files.writeString(ws.resolve("src/main/java/ladder/level0/" + cls + ".java"), Course.load().reference(level0, cls));
        }
        Cli.Result r = cli.run("check", "level0", "--seed", "42");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("passed"), r.out());
        assertTrue(r.out().contains("grading 1/"), "progress is shown: " + r.out());
        CheckResult result = result();
        assertEquals(Outcome.PASSED, result.outcome());
        assertEquals(42, result.seed());
        for (ScenarioResult s : result.scenarios()) {
            assertTrue(r.out().contains(s.id()), "every scenario is listed: " + s.id());
        }
        LevelProgress p = progress();
        assertEquals(LevelStatus.PASSED, p.status());
        assertEquals(1, p.attempts());
        assertNotNull(p.firstPassedAt());
        assertEquals("PASSED", p.lastOutcome());

        Cli.Result list = cli.run("list");
        assertTrue(list.out().contains("passed"), list.out());
    }

    @Test
    void brokenCodeFailsWithObservedAndExpected() throws IOException {
        write(Sources.BROKEN);
        Cli.Result r = cli.run("check", "0");
        assertEquals(1, r.code(), r.all());
        CheckResult result = result();
        assertEquals(Outcome.FAILED, result.outcome(), r.out());
        ScenarioResult failed = result.scenarios().stream()
                .filter(s -> s.status() == Status.FAILED || s.status() == Status.CRASHED).findFirst().orElseThrow();
        assertTrue(r.out().contains("✗"), r.out());
        assertTrue(r.out().contains("observed: " + failed.observed().lines().findFirst().orElseThrow()), r.out());
        assertTrue(r.out().contains("repeat:   check level0 --seed " + result.seed() + " --only " + failed.id()), r.out());
        LevelProgress p = progress();
        assertEquals(LevelStatus.FAILED, p.status());
        assertEquals(1, p.attempts());
        assertNull(p.firstPassedAt());
    }

    @Test
    void compileErrorsComeAsFileLineMessage() throws IOException {
        write(Sources.BROKEN_SYNTAX);
        Cli.Result r = cli.run("check", "level0");
        assertEquals(1, r.code());
        assertEquals(Outcome.COMPILE_ERROR, result().outcome());
        assertTrue(r.out().contains("src/main/java/ladder/level0/Mutex.java:5:"), r.out());
    }

    @Test
    void forbiddenApisAreRefusedWithTheLevelsReason() throws IOException {
        write(Sources.FORBIDDEN);
        Cli.Result r = cli.run("check", "level0");
        assertEquals(1, r.code(), r.all());
        CheckResult result = result();
        assertEquals(Outcome.FORBIDDEN_API, result.outcome());
        assertTrue(r.out().contains("java.util.concurrent.locks"), r.out());
        assertTrue(r.out().contains(result.forbidden().get(0).why()), r.out());
        assertTrue(r.out().contains("Mutex.lock"), r.out());
    }

    @Test
    void aHangNamesTheThreadAndWhereItWaits() throws IOException {
        write(Sources.HANGS);
        Cli.Result r = cli.run("check", "level0");
        assertEquals(1, r.code(), r.all());
        ScenarioResult hang = result().scenarios().stream().filter(s -> s.status() == Status.HANG).findFirst()
                .orElseThrow(() -> new AssertionError("no HANG in " + r.out()));
        assertFalse(hang.threads().isEmpty());
        ThreadReport t = hang.threads().get(0);
        assertTrue(t.learnerFrames().stream().anyMatch(f -> f.contains("Mutex.lock")), t.toString());
        assertTrue(r.out().contains("HANG"), r.out());
        assertTrue(r.out().contains(t.name()), r.out());
        assertTrue(r.out().contains("Mutex.lock"), r.out());
    }

    @Test
    void systemExitInLearnerCodeIsACrashNotADeadShell() throws IOException {
        write(Sources.EXITS);
        Cli.Result r = cli.run("check", "level0");
        assertEquals(1, r.code(), r.all());
        assertTrue(result().scenarios().stream().anyMatch(s -> s.status() == Status.CRASHED), r.out());
        assertTrue(r.out().contains("CRASHED"), r.out());
        assertTrue(r.out().contains("ended the JVM"), r.out());
        // this JVM is alive and goes on
        assertEquals(0, cli.run("progress").code());
        assertEquals(1, progress().attempts());
    }

    @Test
    void watchChecksAgainOnSave() throws Exception {
        write(Sources.BROKEN_SYNTAX);
        Cli.Result[] result = new Cli.Result[1];
        Thread watcher = new Thread(() -> result[0] = cli.run("watch", "level0", "--max-checks", "2"));
        watcher.start();
        Path results = ws.resolve(".ladder/results/level0.json");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(results) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(results), "the first check ran");
        Thread.sleep(500); // the watch service is registered before the first check; this only lets it settle
        write(Sources.BROKEN);
        watcher.join(120_000);
        assertFalse(watcher.isAlive(), "the second check ran after the save");
        assertEquals(2, progress().attempts(), result[0].all());
        assertTrue(List.of(Outcome.FAILED, Outcome.PASSED).contains(result().outcome()), result[0].out());
    }
}
