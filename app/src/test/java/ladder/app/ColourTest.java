package ladder.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Escape codes appear only for a person at a terminal, and never with NO_COLOR or --no-color. */
class ColourTest {

    private static final String ESC = "\u001b";

    @TempDir
    Path tmp;
    Cli cli;

    @BeforeEach
    void workspace() throws Exception {
        cli = new Cli(tmp);
        assertEquals(0, cli.run("init").code());
        Files.writeString(tmp.resolve("ladder-workspace/src/main/java/ladder/level0/Mutex.java"), Sources.BROKEN_SYNTAX);
    }

    private String everything(String... extra) {
        StringBuilder sb = new StringBuilder();
        for (String[] cmd : new String[][] {{"list"}, {"lesson", "level0"}, {"hint", "level0"}, {"progress"},
                {"reveal", "level0", "--instructor"}, {"check", "level0"}, {"frob"}, {"--help"}, {"check", "--help"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(cmd), java.util.Arrays.stream(extra))
                    .toArray(String[]::new);
            sb.append(cli.run(args).all());
        }
        return sb.toString();
    }

    @Test
    void noTerminalMeansNoEscapeCodes() {
        String all = everything();
        assertFalse(all.contains(ESC), all);
        assertTrue(all.contains("Mutex"));
    }

    @Test
    void noColorMeansNoEscapeCodesEvenOnATerminal() {
        cli.customize = c -> c.withInteractive(true);
        cli.env.put("NO_COLOR", "1");
        String all = everything();
        assertFalse(all.contains(ESC), all);
    }

    @Test
    void theNoColorFlagToo() {
        cli.customize = c -> c.withInteractive(true);
        String all = everything("--no-color");
        assertFalse(all.contains(ESC), all);
    }

    @Test
    void aTerminalGetsColours() {
        cli.customize = c -> c.withInteractive(true);
        Cli.Result r = cli.run("lesson", "level0");
        assertTrue(r.out().contains(ESC), r.out());
        // heading rules never go out through the alternate character set (shown as "qqqq" in a capture)
        assertFalse(r.out().contains(ESC + "(0"), r.out());
    }
}
