package ladder.selfcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import ladder.course.Level;

/**
 * A level's corpus: implementations the self-check grades besides the skeleton and the reference.
 *
 * <pre>
 * levels/levelN/corpus/broken/&lt;BugClass&gt;/variant.toml   bug = "…", breaks = ["scenario-id", …]
 * levels/levelN/corpus/broken/&lt;BugClass&gt;/Mutex.java     the class(es) it replaces
 * levels/levelN/corpus/correct/&lt;Design&gt;/variant.toml    design = "…"
 * levels/levelN/corpus/correct/&lt;Design&gt;/Mutex.java
 * </pre>
 *
 * A variant's Java files replace the reference classes of the same name in the check's compile
 * set (so a Level 2 variant may bring its own Level 0 {@code Mutex.java}); any other file joins
 * the level's own package. Every other class comes from the references.
 */
public record Corpus(String levelId, String name, boolean broken, String description, List<String> breaks,
                     Map<String, String> files) {

    private record VariantFile(String bug, String design, List<String> breaks) {}

    private static final TomlMapper TOML = TomlMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** The module's folder (Surefire runs tests there). */
    static Path levelsDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    }

    public static List<Corpus> of(Level level, boolean broken) {
        Path dir = levelsDir().resolve(level.id()).resolve("corpus").resolve(broken ? "broken" : "correct");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Corpus> out = new ArrayList<>();
        try (Stream<Path> variants = Files.list(dir)) {
            for (Path v : variants.filter(Files::isDirectory).sorted().toList()) {
                out.add(read(level, v, broken));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Corpus read(Level level, Path dir, boolean broken) throws IOException {
        VariantFile vf = TOML.readValue(dir.resolve("variant.toml").toFile(), VariantFile.class);
        Map<String, String> files = Grading.packaged(level.id(), true);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String name = f.getFileName().toString();
                String key = files.keySet().stream().filter(k -> k.endsWith("/" + name)).findFirst()
                        .orElse(level.packagePath() + "/" + name);
                files.put(key, Files.readString(f));
            }
        }
        String description = broken ? vf.bug() : vf.design();
        if (description == null || (broken && (vf.breaks() == null || vf.breaks().isEmpty()))) {
            throw new IllegalStateException(dir + "/variant.toml needs " + (broken ? "bug and breaks" : "design"));
        }
        return new Corpus(level.id(), dir.getFileName().toString(), broken, description,
                vf.breaks() == null ? List.of() : vf.breaks(), new LinkedHashMap<>(files));
    }

    @Override
    public String toString() {
        return levelId + "/" + (broken ? "broken/" : "correct/") + name;
    }
}
