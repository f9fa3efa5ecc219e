package ladder.check;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ladder.toolkit.Futex;

/**
 * The class path that learner code is compiled against and graded with: the ladder's own
 * toolkit, grading engine and graders, never the skeletons or references (which would shadow
 * the learner's classes of the same names) and never anything from the workspace.
 */
public final class GraderClasspath {

    private GraderClasspath() {}

    /** Where the toolkit was loaded from: what learner sources compile against. */
    public static String toolkit() {
        return locationOf(Futex.class);
    }

    /** This JVM's class path minus any entry that holds exercise classes ({@code ladder/levelN}). */
    public static String forGrader() {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty() && !holdsExercises(entry)) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    private static boolean holdsExercises(String entry) {
        Path p = Path.of(entry);
        if (Files.isDirectory(p)) {
            return Files.isDirectory(p.resolve("ladder/level0")) || Files.isDirectory(p.resolve("ladder/level1"));
        }
        String name = p.getFileName().toString();
        return name.startsWith("ladder-exercises") || name.startsWith("ladder-solutions");
    }

    private static String locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
