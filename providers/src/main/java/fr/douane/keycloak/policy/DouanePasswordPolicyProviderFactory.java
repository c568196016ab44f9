package fr.douane.keycloak.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import fr.douane.keycloak.PackVersion;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Registers the {@code douane-passay} policy (Authentication → Policies → Password policy).
 *
 * <p>The factory is a per-node singleton, so it owns what must not be rebuilt per request: the word lists
 * (the common list read in {@link #init}, the French lists on first use, the admin's file named by the server
 * option {@value #OPTION_BLOCKLIST_FILE}) and the compiled rules (one per distinct config; a handful per node
 * at most).
 */
public final class DouanePasswordPolicyProviderFactory implements PasswordPolicyProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "douane-passay";
    public static final String DISPLAY_NAME = "Douane (Passay)";
    /**
     * Server option: an extra word list on this node, refused by every realm that uses the blocklist
     * ({@code --spi-password-policy--douane-passay--blocklist-file=/path}). A server option rather than a realm
     * setting: a realm admin must not make the server read a file of their choice.
     */
    public static final String OPTION_BLOCKLIST_FILE = "blocklistFile";

    private static final int MAX_COMPILED = 64;

    private static final Logger LOG = Logger.getLogger(DouanePasswordPolicyProviderFactory.class);

    private volatile WordList common;
    private WordList extra;
    private String extraFile;
    private volatile WordList french;
    private final Map<Boolean, DouaneBlocklist> blocklists = new ConcurrentHashMap<>();
    private final Map<DouanePolicyConfig, DouanePasswordRules> compiled = new ConcurrentHashMap<>();
    /** The most recently used rules (one realm policy serves nearly every request). */
    private volatile DouanePasswordRules lastRules;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public PasswordPolicyProvider create(KeycloakSession session) {
        return new DouanePasswordPolicyProvider(session, this);
    }

    /**
     * Reads the common list and the admin's file. An unreadable file stops the server: a blocklist the admin
     * asked for must not be silently missing on one node.
     */
    @Override
    public void init(Config.Scope config) {
        common = BlocklistSources.common();
        extraFile = config == null ? null : config.get(OPTION_BLOCKLIST_FILE);
        if (extraFile != null && !extraFile.isBlank()) {
            try {
                extra = BlocklistSources.file(Path.of(extraFile));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("douane-passay: cannot read the blocklist file " + extraFile
                        + " (server option " + OPTION_BLOCKLIST_FILE + ")", e);
            }
            LOG.infof("douane-passay: blocklist file %s loaded, %d words", extraFile, extra.size());
        }
        LOG.debugf("douane-passay: common list %d words", common.size());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        lastRules = null;
        compiled.clear();
        blocklists.clear();
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
        return DouanePolicyConfigParser.format(DouanePolicyConfig.DEFAULT);
    }

    @Override
    public boolean isMultiplSupported() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(OPTION_BLOCKLIST_FILE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Path of an extra word list (UTF-8, one word per line, # comments) refused by every realm "
                        + "whose douane-passay policy has blocklist=on. Read at start-up; it must exist on every node.")
                .add().build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>(PackVersion.operationalInfo());
        info.put("blocklist-common-words", String.valueOf(common == null ? 0 : common.size()));
        info.put("blocklist-file", extra == null ? "none" : extraFile);
        info.put("blocklist-file-words", String.valueOf(extra == null ? 0 : extra.size()));
        return info;
    }

    /** The compiled rules of a config, built on first use and then shared. */
    DouanePasswordRules rules(DouanePolicyConfig config) {
        // The realm's parsed config is the same object on every request: skip the map's hash and equals.
        DouanePasswordRules last = lastRules;
        if (last != null && last.getConfig() == config) {
            return last;
        }
        if (compiled.size() > MAX_COMPILED && !compiled.containsKey(config)) {
            // Only admins' edits create configs; forget old ones rather than grow forever.
            compiled.clear();
        }
        last = compiled.computeIfAbsent(config, c -> new DouanePasswordRules(c, blocklist(c)));
        lastRules = last;
        return last;
    }

    private DouaneBlocklist blocklist(DouanePolicyConfig config) {
        if (!config.blocklist()) {
            return null;
        }
        return blocklists.computeIfAbsent(config.blocklistFrench(), withFrench -> {
            List<WordList> lists = new ArrayList<>(List.of(commonList()));
            String source = "common";
            if (withFrench) {
                lists.add(frenchList());
                source += " + French";
            }
            if (extra != null) {
                lists.add(extra);
                source += " + " + extraFile;
            }
            return new DouaneBlocklist(lists, source);
        });
    }

    private synchronized WordList commonList() {
        if (common == null) {
            // Keycloak always calls init first; tools that build a factory by hand may not.
            common = BlocklistSources.common();
        }
        return common;
    }

    private WordList frenchList() {
        WordList f = french;
        if (f == null) {
            synchronized (this) {
                if (french == null) {
                    french = BlocklistSources.french();
                    LOG.infof("douane-passay: French lists loaded, %d words", french.size());
                }
                f = french;
            }
        }
        return f;
    }
}
