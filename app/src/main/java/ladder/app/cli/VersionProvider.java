package ladder.app.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code ladder --version}: the jar manifest's Implementation-Version, or "dev" when run from classes. */
public final class VersionProvider implements IVersionProvider {

    public static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "ladder " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ", " + System.getProperty("java.home") + ")"
        };
    }
}
