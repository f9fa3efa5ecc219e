package ladder.check;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the learner's sources in-process with {@code javax.tools}, against the ladder's own
 * toolkit (never anything from the workspace).
 */
public final class SourceCompiler {

    /** Thrown when this JVM has no compiler (a JRE, not a JDK). */
    public static final class NoCompiler extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoCompiler() {
            super("this Java runtime has no compiler: ladder needs a JDK 21 or newer, not a JRE");
        }
    }

    private SourceCompiler() {}

    /**
     * @param sources   the .java files
     * @param relativeTo paths in messages are shown relative to this folder
     * @param classpath what the sources may use (the ladder's toolkit)
     * @param out       where class files go
     * @return the errors, empty when it compiled
     */
    public static List<CompileProblem> compile(List<Path> sources, Path relativeTo, String classpath, Path out)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new NoCompiler();
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "21", "-proc:none", "-implicit:none", "-g",
                    "-encoding", "UTF-8", "-nowarn", "-classpath", classpath, "-d", out.toString());
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            StringWriter noise = new StringWriter();
            boolean ok = javac.getTask(noise, files, diagnostics, options, null, units).call();
            List<CompileProblem> problems = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) {
                    continue;
                }
                String file = d.getSource() == null ? "?" : display(Path.of(d.getSource().toUri()), relativeTo);
                problems.add(new CompileProblem(file, d.getLineNumber(), d.getColumnNumber(),
                        d.getMessage(Locale.ROOT) + excerpt(d)));
            }
            if (!ok && problems.isEmpty()) {
                problems.add(new CompileProblem("?", 0, 0, noise.toString().strip()));
            }
            return problems;
        }
    }

    /** The offending source line with a caret under the column, as javac prints it; empty if unknown. */
    private static String excerpt(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null || d.getLineNumber() <= 0) {
            return "";
        }
        try {
            List<String> lines = d.getSource().getCharContent(true).toString().lines().toList();
            if (d.getLineNumber() > lines.size()) {
                return "";
            }
            String line = lines.get((int) d.getLineNumber() - 1);
            long column = d.getColumnNumber();
            StringBuilder caret = new StringBuilder();
            for (int i = 0; i < column - 1 && i < line.length(); i++) {
                caret.append(line.charAt(i) == '\t' ? '\t' : ' '); // keep tabs so the caret lines up
            }
            return "\n" + line + "\n" + caret + "^";
        } catch (IOException e) {
            return "";
        }
    }

    private static String display(Path file, Path relativeTo) {
        try {
            return relativeTo.toAbsolutePath().relativize(file.toAbsolutePath()).toString();
        } catch (IllegalArgumentException e) {
            return file.toString();
        }
    }
}
