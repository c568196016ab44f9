package fr.douane.keycloak.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.keycloak.common.util.StringPropertyReplacer;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * The realm export of this version of the pack, as the build bundled it into the jar (the same
 * file an admin imports, its version marker filled in by the build): the settings a running realm
 * is brought to. Its {@code ${ENV}} placeholders are resolved from the server's environment, as
 * Keycloak's import resolves them; {@code ${vault.*}} references stay as they are.
 */
public final class PackRealmTemplate {

    /** Where the build puts the realm export inside the jar. */
    static final String RESOURCE = "/douane/realm/douane-realm.json";

    private final RealmRepresentation realm;

    PackRealmTemplate(RealmRepresentation realm) {
        this.realm = realm;
    }

    /** The template of the running jar; fails when it is missing or unreadable. */
    public static PackRealmTemplate load() throws IOException {
        try (InputStream in = PackRealmTemplate.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not in the pack jar");
            }
            return read(in);
        }
    }

    static PackRealmTemplate read(InputStream in) throws IOException {
        InputStream resolved = StringPropertyReplacer.replaceProperties(in, System::getenv);
        PackRealmTemplate template = new PackRealmTemplate(JsonSerialization.readValue(resolved, RealmRepresentation.class));
        if (!PackVersionMarker.isVersion(template.version())) {
            throw new IOException("the bundled realm export has no version marker " + PackVersionMarker.ATTRIBUTE
                    + " (found " + template.version() + ")");
        }
        return template;
    }

    public RealmRepresentation realm() {
        return realm;
    }

    /** The version marker the build wrote into the bundled export. */
    public String version() {
        Map<String, String> attributes = realm.getAttributes();
        return attributes == null ? null : attributes.get(PackVersionMarker.ATTRIBUTE);
    }

    /** Aliases of the pack's top-level flows: what marks a realm as one of the pack's. */
    public List<String> topLevelFlows() {
        return flows().stream().filter(AuthenticationFlowRepresentation::isTopLevel)
                .map(AuthenticationFlowRepresentation::getAlias).toList();
    }

    Map<String, AuthenticationFlowRepresentation> flowsByAlias() {
        return FlowShape.byAlias(flows(), AuthenticationFlowRepresentation::getAlias);
    }

    Map<String, AuthenticatorConfigRepresentation> configsByAlias() {
        return FlowShape.byAlias(realm.getAuthenticatorConfig(), AuthenticatorConfigRepresentation::getAlias);
    }

    FlowShape flow(String alias) {
        return FlowShape.ofTemplate(alias, flowsByAlias(), configsByAlias());
    }

    private List<AuthenticationFlowRepresentation> flows() {
        return realm.getAuthenticationFlows() == null ? List.of() : realm.getAuthenticationFlows();
    }
}
