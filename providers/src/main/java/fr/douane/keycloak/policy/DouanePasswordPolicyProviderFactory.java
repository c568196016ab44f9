package fr.douane.keycloak.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import fr.douane.keycloak.PackVersion;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.passay.dictionary.Dictionary;

/**
 * Registers the {@code douane-passay} policy (Authentication → Policies → Password policy).
 *
 * <p>The factory is a per-node singleton, so it owns what must not be rebuilt per request: the shipped
 * blocklist (read once in {@link #init}), admins' extra lists (read once per path) and the compiled
 * Passay validators (one per distinct config; a handful per node at most).
 */
public final class DouanePasswordPolicyProviderFactory implements PasswordPolicyProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "douane-passay";
    public static final String DISPLAY_NAME = "Douane (Passay)";

    private static final int MAX_COMPILED = 64;

    private static final Logger LOG = Logger.getLogger(DouanePasswordPolicyProviderFactory.class);

    private volatile DouaneBlocklist builtIn;
    private final Map<String, Dictionary> extraLists = new ConcurrentHashMap<>();
    private final Map<DouanePasswordPolicyConfig, DouanePasswordRules> compiled = new ConcurrentHashMap<>();
    private final Set<String> warnedFiles = ConcurrentHashMap.newKeySet();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public PasswordPolicyProvider create(KeycloakSession session) {
        return new DouanePasswordPolicyProvider(session, this);
    }

    @Override
    public void init(Config.Scope config) {
        builtIn = DouaneBlocklist.builtIn();
        LOG.debugf("douane-passay: %s", builtIn);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        lastRules = null;
        compiled.clear();
        extraLists.clear();
    }

    @Override
    public String getDisplayName() {
        return DISPLAY_NAME;
    }

    @Override
    public String getConfigType() {
        return PasswordPolicyProvider.STRING_CONFIG_TYPE;
    }

    /**
     * The douane rule written out in full, so the admin console's field shows the syntax and the values;
     * an empty config means the same.
     */
    @Override
    public String getDefaultConfigValue() {
        return DouanePasswordPolicyConfig.DEFAULT.toConfigString();
    }

    @Override
    public boolean isMultiplSupported() {
        return false;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackVersion.operationalInfo();
    }

    /** The compiled rules of a config, built on first use and then shared. */
    DouanePasswordRules rules(DouanePasswordPolicyConfig config) {
        // The realm's parsed config is the same object on every request: skip the map's hash and equals.
        DouanePasswordRules last = lastRules;
        if (last != null && last.getConfig() == config) {
            return last;
        }
        last = compiledRules(config);
        lastRules = last;
        return last;
    }

    /** The most recently used rules (one realm policy serves nearly every request). */
    private volatile DouanePasswordRules lastRules;

    private DouanePasswordRules compiledRules(DouanePasswordPolicyConfig config) {
        if (compiled.size() > MAX_COMPILED && !compiled.containsKey(config)) {
            // Only admins' edits create configs; forget old ones rather than grow forever.
            compiled.clear();
        }
        return compiled.computeIfAbsent(config, c -> new DouanePasswordRules(c, blocklistFor(c)));
    }

    private Dictionary blocklistFor(DouanePasswordPolicyConfig config) {
        if (!config.isBlocklist()) {
            return null;
        }
        DouaneBlocklist shipped = builtIn();
        if (config.getBlocklistFile() == null) {
            return shipped;
        }
        Dictionary extra = extraLists.computeIfAbsent(config.getBlocklistFile(), this::loadExtra);
        return extra == null ? shipped : DouaneBlocklist.union(shipped, extra);
    }

    /**
     * A missing or unreadable extra file must not make the realm unusable (Keycloak parses the policy
     * string on every realm load, on every node): it is logged as an error and the shipped list still
     * applies. Edits to the file are picked up after a restart.
     */
    private Dictionary loadExtra(String file) {
        try {
            DouaneBlocklist list = DouaneBlocklist.fromFile(Path.of(file));
            LOG.infof("douane-passay: extra blocklist %s loaded, %d entries", file, list.size());
            return list;
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "douane-passay: cannot read the extra blocklist %s; only the shipped list applies", file);
            return null;
        }
    }

    /**
     * Warns (does not refuse) when the admin names an extra list this node cannot read. Refusing would
     * make the realm unusable on a node that lacks the file, since Keycloak parses the policy string on
     * every realm load; warned once per path, as parsing happens often.
     */
    void checkExtraBlocklist(DouanePasswordPolicyConfig config) {
        String file = config.getBlocklistFile();
        if (file != null && !Files.isReadable(Path.of(file)) && warnedFiles.add(file)) {
            LOG.warnf("douane-passay: blocklistFile %s is not readable on this node; it must exist on every node", file);
        }
    }

    private DouaneBlocklist builtIn() {
        DouaneBlocklist b = builtIn;
        if (b == null) {
            synchronized (this) {
                if (builtIn == null) {
                    builtIn = DouaneBlocklist.builtIn();
                }
                b = builtIn;
            }
        }
        return b;
    }

    /** Size of the shipped list (tests, benchmarks). */
    long builtInBlocklistSize() {
        return builtIn().size();
    }
}
