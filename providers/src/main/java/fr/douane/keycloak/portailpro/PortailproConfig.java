package fr.douane.keycloak.portailpro;

import org.keycloak.component.ComponentModel;
import org.keycloak.storage.UserStorageProvider.EditMode;

/**
 * Typed, defaulted view of the component configuration. Values are read once per provider
 * instance; parsing errors fall back to the defaults so that a hand-edited realm export cannot
 * break lookups (validateConfiguration refuses them at save time).
 */
public final class PortailproConfig {

    public static final String JDBC_URL = "jdbcUrl";
    public static final String JDBC_USER = "jdbcUser";
    public static final String JDBC_PASSWORD = "jdbcPassword";
    public static final String POOL_SIZE = "poolSize";
    public static final String QUERY_TIMEOUT_SECONDS = "queryTimeoutSeconds";
    public static final String CONNECT_TIMEOUT_SECONDS = "connectTimeoutSeconds";
    public static final String EDIT_MODE = "editMode";

    public static final int DEFAULT_POOL_SIZE = 8;
    public static final int DEFAULT_QUERY_TIMEOUT_SECONDS = 5;
    public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 3;
    public static final EditMode DEFAULT_EDIT_MODE = EditMode.READ_ONLY;

    static final int MAX_POOL_SIZE = 200;
    static final int MAX_TIMEOUT_SECONDS = 300;

    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final int poolSize;
    private final int queryTimeoutSeconds;
    private final int connectTimeoutSeconds;
    private final EditMode editMode;

    public PortailproConfig(ComponentModel model) {
        this(model.get(JDBC_URL), model.get(JDBC_USER), model.get(JDBC_PASSWORD),
                intOr(model.get(POOL_SIZE), DEFAULT_POOL_SIZE),
                intOr(model.get(QUERY_TIMEOUT_SECONDS), DEFAULT_QUERY_TIMEOUT_SECONDS),
                intOr(model.get(CONNECT_TIMEOUT_SECONDS), DEFAULT_CONNECT_TIMEOUT_SECONDS),
                editModeOr(model.get(EDIT_MODE)));
    }

    public PortailproConfig(String jdbcUrl, String jdbcUser, String jdbcPassword, int poolSize,
                            int queryTimeoutSeconds, int connectTimeoutSeconds, EditMode editMode) {
        this.jdbcUrl = trimToNull(jdbcUrl);
        this.jdbcUser = trimToNull(jdbcUser);
        this.jdbcPassword = jdbcPassword;
        this.poolSize = clamp(poolSize, 1, MAX_POOL_SIZE, DEFAULT_POOL_SIZE);
        this.queryTimeoutSeconds = clamp(queryTimeoutSeconds, 1, MAX_TIMEOUT_SECONDS, DEFAULT_QUERY_TIMEOUT_SECONDS);
        this.connectTimeoutSeconds = clamp(connectTimeoutSeconds, 1, MAX_TIMEOUT_SECONDS, DEFAULT_CONNECT_TIMEOUT_SECONDS);
        this.editMode = editMode == null ? DEFAULT_EDIT_MODE : editMode;
    }

    public String getJdbcUrl() {
        return jdbcUrl;
    }

    public String getJdbcUser() {
        return jdbcUser;
    }

    public String getJdbcPassword() {
        return jdbcPassword;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public int getQueryTimeoutSeconds() {
        return queryTimeoutSeconds;
    }

    public int getConnectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }

    public EditMode getEditMode() {
        return editMode;
    }

    public boolean isReadOnly() {
        return editMode == EditMode.READ_ONLY;
    }

    /** What the pool depends on: a pool is rebuilt only when this changes. */
    String poolFingerprint() {
        return String.join("\u0000", String.valueOf(jdbcUrl), String.valueOf(jdbcUser), String.valueOf(jdbcPassword),
                String.valueOf(poolSize), String.valueOf(queryTimeoutSeconds), String.valueOf(connectTimeoutSeconds));
    }

    static boolean isValidInt(String raw, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return true; // default applies
        }
        try {
            int v = Integer.parseInt(raw.trim());
            return v >= min && v <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isValidEditMode(String raw) {
        return raw == null || raw.isBlank() || "READ_ONLY".equals(raw.trim()) || "UNSYNCED".equals(raw.trim());
    }

    private static int intOr(String raw, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static EditMode editModeOr(String raw) {
        // WRITABLE is not offered: the provider never writes to Portailpro.
        if (raw != null && "UNSYNCED".equals(raw.trim())) {
            return EditMode.UNSYNCED;
        }
        return DEFAULT_EDIT_MODE;
    }

    private static int clamp(int v, int min, int max, int fallback) {
        return v < min || v > max ? fallback : v;
    }

    private static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
