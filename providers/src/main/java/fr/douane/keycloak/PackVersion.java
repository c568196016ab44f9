package fr.douane.keycloak;

import java.util.Map;

/**
 * The pack's version, read from the jar manifest so that the admin console's "Provider info"
 * tells an admin which build is installed (every factory of the pack reports it).
 */
public final class PackVersion {

    private static final String VERSION = readVersion();

    private PackVersion() {
    }

    public static String get() {
        return VERSION;
    }

    /** The map every {@code ServerInfoAwareProviderFactory} of the pack returns. */
    public static Map<String, String> operationalInfo() {
        return Map.of("Implementation-Version", VERSION, "Implementation-Title", "douane Keycloak pack");
    }

    private static String readVersion() {
        String v = PackVersion.class.getPackage().getImplementationVersion();
        // Outside a packaged jar (unit tests in the IDE) there is no manifest.
        return v == null ? "development" : v;
    }
}
