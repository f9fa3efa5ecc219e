package ladder.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import ladder.app.progress.Json;
import ladder.app.progress.LevelStatus;
import ladder.app.progress.Progress;
import ladder.app.progress.ProgressStore;

class ProgressStoreTest {

    @TempDir
    Path tmp;

    private List<Path> setAside(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("progress.json.corrupt-")).toList();
        }
    }

    @Test
    void aCorruptFileIsSetAsideWithAMessageAndTheCourseGoesOn() throws IOException {
        Cli cli = new Cli(tmp);
        assertEquals(0, cli.run("init").code());
        Path file = tmp.resolve("ladder-workspace/.ladder/progress.json");
        Files.writeString(file, "{\"schema\": 1, \"levels\": {\"level0\": {\"attempts\": \"many\"");

        Cli.Result r = cli.run("hint", "level0");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("could not be read") && r.err().contains("progress.json.corrupt-"), r.err());
        List<Path> aside = setAside(file.getParent());
        assertEquals(1, aside.size());
        assertTrue(Files.readString(aside.get(0)).contains("many"));
        Progress fresh = Json.mapper().readValue(file.toFile(), Progress.class);
        assertEquals(1, fresh.level("level0").hintsShown());

        Cli.Result again = cli.run("list");
        assertEquals("", again.err(), "the warning is given once");
    }

    @Test
    void aReadOnlyCommandLeavesAWorkspaceBehindAfterSettingACorruptFileAside() throws IOException {
        Cli cli = new Cli(tmp);
        assertEquals(0, cli.run("init").code());
        Path file = tmp.resolve("ladder-workspace/.ladder/progress.json");
        Files.writeString(file, "{\"schema\":1,\"levels\":{");

        Cli.Result r = cli.run("list");
        assertEquals(0, r.code(), r.all());
        assertTrue(Files.exists(file), "a fresh progress file marks the folder as a workspace still");
        assertEquals(0, cli.run("list").code(), "the next command finds the workspace");
    }

    @Test
    void anotherSchemaIsSetAsideToo() throws IOException {
        Path file = tmp.resolve(".ladder/progress.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"schema\": 99, \"levels\": {}}");
        List<String> warnings = new ArrayList<>();
        Progress p = new ProgressStore(file, List.of("level0"), warnings::add).read();
        assertEquals(Progress.SCHEMA, p.schema());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("schema 99"), warnings.get(0));
        assertEquals(1, setAside(file.getParent()).size());
    }

    @Test
    void writesAreAtomicAndNoTempFilesStay() throws IOException {
        Path file = tmp.resolve(".ladder/progress.json");
        ProgressStore store = new ProgressStore(file, List.of("level0", "level1"), m -> { });
        store.update(p -> p.level("level1").recordHintsShown(2));
        JsonNode json = Json.mapper().readTree(file.toFile());
        assertEquals(2, json.at("/levels/level1/hintsShown").asInt());
        assertEquals("not-started", json.at("/levels/level0/status").asText());
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(List.of("progress.json", "progress.lock"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void concurrentWritersInThreadsAndProcessesLoseNoUpdate() throws Exception {
        Path file = tmp.resolve(".ladder/progress.json");
        int perWriter = 150;
        int threads = 3;
        int processes = 2;
        List<Process> children = new ArrayList<>();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < processes; i++) {
            children.add(new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    ProgressHammer.class.getName(), file.toString(), Integer.toString(perWriter))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        List<Thread> writers = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                ProgressStore store = new ProgressStore(file, List.of("level0"), m -> errors.add(new AssertionError(m)));
                try {
                    for (int k = 0; k < perWriter; k++) {
                        store.update(p -> p.level("level0").recordCheck(LevelStatus.FAILED, "FAILED", "thread", "now"));
                        store.read();
                    }
                } catch (IOException e) {
                    errors.add(e);
                }
            });
            t.start();
            writers.add(t);
        }
        for (Thread t : writers) {
            t.join(120_000);
        }
        for (Process p : children) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a writer process finished");
            assertEquals(0, p.exitValue());
        }
        assertEquals(List.of(), errors);
        Progress p = Json.mapper().readValue(file.toFile(), Progress.class);
        assertEquals((threads + processes) * perWriter, p.level("level0").attempts());
        assertTrue(setAside(file.getParent()).isEmpty(), "nothing was ever seen corrupt");
        assertTrue(new File(file.toString()).length() > 0);
    }
}
