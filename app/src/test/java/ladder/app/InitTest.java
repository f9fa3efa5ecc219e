package ladder.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import ladder.app.progress.Json;
import ladder.course.Course;
import ladder.course.Level;

class InitTest {

    @TempDir
    Path tmp;

    @Test
    void initLaysOutEveryLevelThePomTheToolkitAndProgress() throws IOException {
        Cli cli = new Cli(tmp);
        Cli.Result r = cli.run("init");
        assertEquals(0, r.code(), r.all());
        Path ws = tmp.resolve("ladder-workspace");
        Course course = Course.load();
        for (Level level : course.levels()) {
            for (String cls : level.classes()) {
                Path file = ws.resolve("src/main/java/" + level.packagePath() + "/" + cls + ".java");
                assertEquals(course.skeleton(level, cls), Files.readString(file), file.toString());
            }
        }
        String pom = Files.readString(ws.resolve("pom.xml"));
        assertTrue(pom.contains("<id>ladder-local</id>") && pom.contains("file://${project.basedir}/.ladder/repo"), pom);
        assertTrue(pom.contains("<artifactId>ladder-toolkit</artifactId>"), pom);
        Path repo = ws.resolve(".ladder/repo/dev/ladder/ladder-toolkit/1.0.0");
        assertTrue(Files.isRegularFile(repo.resolve("ladder-toolkit-1.0.0.pom")));
        try (JarFile jar = new JarFile(repo.resolve("ladder-toolkit-1.0.0.jar").toFile())) {
            assertTrue(jar.getEntry("ladder/toolkit/Futex.class") != null);
            assertTrue(jar.getEntry("ladder/toolkit/EventLoop.class") != null);
        }
        try (JarFile src = new JarFile(repo.resolve("ladder-toolkit-1.0.0-sources.jar").toFile())) {
            assertTrue(src.getEntry("ladder/toolkit/Futex.java") != null);
        }
        assertTrue(Files.readString(ws.resolve("README.md")).contains("check " + course.ids().get(0)));
        Cli.Result printed = new Cli(ws).run("progress", "--json");
        assertEquals(0, printed.code(), printed.all());
        assertEquals(Json.mapper().readTree(ws.resolve(".ladder/progress.json").toFile()), Json.mapper().readTree(printed.out()));
        JsonNode progress = Json.mapper().readTree(printed.out());
        assertEquals(1, progress.get("schema").asInt());
        for (String id : course.ids()) {
            assertEquals("not-started", progress.get("levels").get(id).get("status").asText());
        }
    }

    @Test
    void initRefusesAnExistingWorkspace() throws IOException {
        Cli cli = new Cli(tmp);
        assertEquals(0, cli.run("init", "ws").code());
        Path mutex = tmp.resolve("ws/src/main/java/ladder/level0/Mutex.java");
        Files.writeString(mutex, "// mine");
        Cli.Result again = cli.run("init", "ws");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already a ladder workspace"), again.err());
        assertEquals("// mine", Files.readString(mutex));
    }

    @Test
    void commandsFindTheWorkspaceUpwardsOrSayToRunInit() throws IOException {
        Cli outside = new Cli(tmp);
        Cli.Result none = outside.run("list");
        assertEquals(1, none.code());
        assertEquals(1, none.err().strip().lines().count(), none.err());
        assertTrue(none.err().contains("ladder init"), none.err());

        assertEquals(0, outside.run("init", "a").code());
        Path deep = Files.createDirectories(tmp.resolve("a/src/main/java/ladder"));
        Cli inside = new Cli(deep);
        Cli.Result list = inside.run("list");
        assertEquals(0, list.code(), list.all());
        assertTrue(list.out().contains("level0"), list.out());

        // ./ladder-workspace next to where ladder runs is found too
        assertEquals(0, outside.run("init").code());
        assertEquals(0, outside.run("list").code());

        Cli.Result named = outside.run("list", "--workspace", "nowhere");
        assertEquals(1, named.code());
        assertTrue(named.err().contains("ladder init"), named.err());
    }
}
