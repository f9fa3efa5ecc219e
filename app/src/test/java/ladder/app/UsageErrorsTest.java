package ladder.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ladder.course.Course;

class UsageErrorsTest {

    @TempDir
    Path tmp;
    Cli cli;

    @BeforeEach
    void workspace() {
        cli = new Cli(tmp);
        assertEquals(0, cli.run("init").code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "lesson", "hint", "reset", "reveal", "watch"})
    void unknownLevelNamesTheValidOnes(String command) {
        Cli.Result r = cli.run(command, "level99");
        assertEquals(2, r.code(), r.all());
        for (String id : Course.load().ids()) {
            assertTrue(r.err().contains(id), r.err());
        }
        assertTrue(r.err().contains("unknown level 'level99'"), r.err());
    }

    @Test
    void levelNumbersAreLevelNames() {
        Cli.Result r = cli.run("lesson", "0");
        assertEquals(0, r.code(), r.all());
    }

    @Test
    void missingLevelNamesTheValidOnes() {
        Cli.Result r = cli.run("check");
        assertEquals(2, r.code());
        assertTrue(r.err().contains(Course.load().ids().get(0)), r.err());
    }

    @Test
    void unknownOptionListsTheValidOnes() {
        Cli.Result r = cli.run("check", "level0", "--frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown option '--frobnicate'"), r.err());
        assertTrue(r.err().contains("--seed") && r.err().contains("--only"), r.err());
        assertTrue(!r.err().contains("--max-checks"), "hidden options stay hidden: " + r.err());
    }

    @Test
    void unknownCommandListsTheCommands() {
        Cli.Result r = cli.run("chekc");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown command 'chekc'"), r.err());
        assertTrue(r.err().contains("check") && r.err().contains("reveal"), r.err());
    }

    @Test
    void badOptionValue() {
        Cli.Result r = cli.run("check", "level0", "--seed", "many");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("many"), r.err());
    }

    @Test
    void helpAndVersion() {
        Cli.Result help = cli.run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("check") && help.out().contains("watch"), help.out());
        Cli.Result version = cli.run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("ladder "), version.out());
        assertEquals(0, cli.run("help", "check").code());
    }
}
