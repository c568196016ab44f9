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

    /**
     * From a resource the build writes, not from the manifest: Keycloak's Quarkus class loader does
     * not expose manifest attributes through {@link Package}.
     */
    private static String readVersion() {
        try (java.io.InputStream in = PackVersion.class.getResourceAsStream("pack-version.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (java.io.IOException e) {
            // fall through
        }
        String v = PackVersion.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
