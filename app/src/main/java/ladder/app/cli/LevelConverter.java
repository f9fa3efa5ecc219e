package ladder.app.cli;

import ladder.course.Course;
import ladder.course.Level;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code level3}, {@code Level3} or {@code 3} → the level; anything else: an error naming the valid choices. */
public final class LevelConverter implements ITypeConverter<Level> {

    @Override
    public Level convert(String value) {
        Course course = Course.load();
        return course.find(value).orElseThrow(() -> new TypeConversionException(unknown(course, value)));
    }

    static String unknown(Course course, String value) {
        return "unknown level '" + value + "': valid levels are " + choices(course);
    }

    /** {@code level0, level1 (or 0, 1)}. */
    public static String choices(Course course) {
        var ids = course.ids();
        var numbers = course.levels().stream().map(l -> Integer.toString(l.number())).toList();
        return String.join(", ", ids) + " (or " + String.join(", ", numbers) + ")";
    }

    /** The level ids, for completion and help. */
    public static final class Ids implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Course.load().ids().iterator();
        }
    }
}
