package ladder.app.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import ladder.toolkit.Futex;

/**
 * Builds the toolkit jar of a workspace from the ladder's own class path: every class of
 * package {@code ladder.toolkit} (with inner classes), plus a sources jar when the ladder
 * carries the toolkit's sources ({@code ladder/app/toolkit-sources/}), so an IDE resolves and
 * documents {@code Futex} and {@code EventLoop} without any network.
 */
public final class ToolkitJar {

    static final String PACKAGE = "ladder/toolkit/";
    static final String SOURCES = "ladder/app/toolkit-sources/";

    private ToolkitJar() {}

    /** Writes the classes jar; returns the class entries written. */
    public static List<String> writeClasses(Path jar, String version) throws IOException {
        List<String> names = classEntries();
        if (names.isEmpty()) {
            throw new IOException("the ladder's class path holds no " + PACKAGE + " classes");
        }
        write(jar, version, names, ToolkitJar.class.getClassLoader());
        return names;
    }

    /** Writes the sources jar if the sources are packaged; returns whether it did. */
    public static boolean writeSources(Path jar, String version, List<String> classEntries) throws IOException {
        ClassLoader cl = ToolkitJar.class.getClassLoader();
        TreeSet<String> sources = new TreeSet<>();
        for (String c : classEntries) {
            String top = c.substring(PACKAGE.length()).replaceAll("(\\$.*)?\\.class$", "");
            if (cl.getResource(SOURCES + PACKAGE + top + ".java") != null) {
                sources.add(PACKAGE + top + ".java");
            }
        }
        if (sources.isEmpty()) {
            return false;
        }
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os, manifest(version))) {
            for (String s : sources) {
                jos.putNextEntry(new JarEntry(s));
                try (InputStream in = cl.getResourceAsStream(SOURCES + s)) {
                    in.transferTo(jos);
                }
                jos.closeEntry();
            }
        }
        return true;
    }

    private static void write(Path jar, String version, List<String> entries, ClassLoader cl) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os, manifest(version))) {
            jos.putNextEntry(new JarEntry("ladder/"));
            jos.closeEntry();
            jos.putNextEntry(new JarEntry(PACKAGE));
            jos.closeEntry();
            for (String name : entries) {
                try (InputStream in = cl.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("cannot read " + name + " from the ladder's class path");
                    }
                    jos.putNextEntry(new JarEntry(name));
                    in.transferTo(jos);
                    jos.closeEntry();
                }
            }
        }
    }

    private static Manifest manifest(String version) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.IMPLEMENTATION_TITLE, "ladder-toolkit");
        a.put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        return m;
    }

    /** {@code ladder/toolkit/Futex.class}, … found where {@link Futex} was loaded from (a folder or a jar). */
    static List<String> classEntries() throws IOException {
        Path location;
        try {
            location = Path.of(Futex.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot locate the ladder toolkit", e);
        }
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            Path pkg = location.resolve(PACKAGE);
            try (Stream<Path> s = Files.list(pkg)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class")).sorted()
                        .forEach(n -> names.add(PACKAGE + n));
            }
        } else {
            try (JarFile jf = new JarFile(location.toFile())) {
                Enumeration<JarEntry> en = jf.entries();
                while (en.hasMoreElements()) {
                    String n = en.nextElement().getName();
                    if (n.startsWith(PACKAGE) && n.endsWith(".class") && n.indexOf('/', PACKAGE.length()) < 0) {
                        names.add(n);
                    }
                }
            }
            names.sort(null);
        }
        return names;
    }
}
