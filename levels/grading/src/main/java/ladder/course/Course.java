package ladder.course;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

/**
 * The course as packaged in the ladder: the levels in order with their metadata, lessons,
 * skeletons and references, all read from the class path ({@code ladder/course/…}).
 */
public final class Course {

    private static final String ROOT = "ladder/course/";
    private static volatile Course loaded;

    private final List<Level> levels;
    private final List<ForbiddenApi> forbiddenEverywhere;
    private final List<String> allowed;

    private Course(List<Level> levels, List<ForbiddenApi> forbiddenEverywhere, List<String> allowed) {
        this.levels = List.copyOf(levels);
        this.forbiddenEverywhere = List.copyOf(forbiddenEverywhere);
        this.allowed = List.copyOf(allowed);
    }

    /** The packaged course (read once). */
    public static Course load() {
        Course c = loaded;
        if (c == null) {
            synchronized (Course.class) {
                c = loaded;
                if (c == null) {
                    loaded = c = read();
                }
            }
        }
        return c;
    }

    private record CourseFile(List<String> levels, List<ForbiddenApi> forbidden, List<String> allowed) {}

    private record LevelFile(String title, String topic, List<String> exercises, List<String> given, List<String> uses, String grader,
                             Integer timeoutSeconds, List<ForbiddenApi> forbidden, List<Hint> hints) {}

    private static Course read() {
        TomlMapper toml = TomlMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        try {
            CourseFile cf = toml.readValue(text(ROOT + "course.toml"), CourseFile.class);
            List<Level> levels = new ArrayList<>();
            for (String id : cf.levels()) {
                LevelFile lf = toml.readValue(text(ROOT + id + "/level.toml"), LevelFile.class);
                levels.add(new Level(id, Integer.parseInt(id.substring("level".length())), lf.title(), lf.topic(),
                        orEmpty(lf.exercises()), orEmpty(lf.given()), orEmpty(lf.uses()), lf.grader(),
                        lf.timeoutSeconds() == null ? 60 : lf.timeoutSeconds(),
                        orEmpty(lf.forbidden()), orEmpty(lf.hints())));
            }
            return new Course(levels, orEmpty(cf.forbidden()), orEmpty(cf.allowed()));
        } catch (IOException e) {
            throw new UncheckedIOException("the packaged course is unreadable", e);
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    public List<Level> levels() {
        return levels;
    }

    /** Finds a level by {@code level3}, {@code Level3} or {@code 3}. */
    public Optional<Level> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        String id = n.matches("\\d+") ? "level" + n : n;
        return levels.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** The valid level names, for messages and completion. */
    public List<String> ids() {
        return levels.stream().map(Level::id).toList();
    }

    /** Classes that package-wide rules let through ({@code java/util/concurrent/locks/LockSupport}). */
    public List<String> allowed() {
        return allowed;
    }

    /** APIs refused at every level, followed by the level's own. */
    public List<ForbiddenApi> forbiddenFor(Level level) {
        List<ForbiddenApi> all = new ArrayList<>(forbiddenEverywhere);
        all.addAll(level.forbidden());
        return all;
    }

    public String lesson(Level level) {
        return text(ROOT + level.id() + "/lesson.md");
    }

    /** The skeleton of {@code className} as a learner first sees it. */
    public String skeleton(Level level, String className) {
        return text(ROOT + "exercises/" + level.packagePath() + "/" + className + ".java");
    }

    /** The reference solution of {@code className}. */
    public String reference(Level level, String className) {
        return text(ROOT + "solutions/" + level.packagePath() + "/" + className + ".java");
    }

    /** The levels whose learner sources a check of {@code level} compiles: its {@code uses}, then itself. */
    public List<Level> compileSet(Level level) {
        List<Level> set = new ArrayList<>();
        for (String u : level.uses()) {
            find(u).ifPresent(set::add);
        }
        set.add(level);
        return set;
    }

    private static String text(String resource) {
        try (InputStream in = Course.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing from the ladder's package: " + resource));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
