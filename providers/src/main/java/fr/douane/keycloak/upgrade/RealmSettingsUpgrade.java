package fr.douane.keycloak.upgrade;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;

/**
 * The realm-level settings the pack owns, brought to the template's values when the template sets
 * them. They are what the procedure is made of: its pages, mails and language (themes, locales,
 * the forgot-password link), its password rules (policy), how long its links and tokens live
 * (lifespans, and the per-action lifespans Keycloak keeps as realm attributes), and the flows bound
 * to the realm. Everything else of a realm (brute-force settings, SMTP, sessions, clients, keys) is
 * the site's and never touched.
 */
final class RealmSettingsUpgrade {

    /**
     * Realm attributes whose template value replaces the realm's: the per-action link lifespans
     * (the procedure promises a link valid 24 hours). Every other attribute of the template
     * ({@code douaneLocaleFromBrowser}, ...) is a switch an admin may set: added when missing, kept otherwise.
     */
    static final String PACK_OWNED_ATTRIBUTE_PREFIX = "actionTokenGeneratedByUserLifespan.";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RealmRepresentation template;
    private final Function<String, AuthenticationFlowModel> flowByAlias;
    private final List<String> changed = new ArrayList<>();

    /** @param flowByAlias the realm's flows by alias, the ones rebuilt in this transaction included */
    RealmSettingsUpgrade(KeycloakSession session, RealmModel realm, RealmRepresentation template,
                         Function<String, AuthenticationFlowModel> flowByAlias) {
        this.session = session;
        this.realm = realm;
        this.template = template;
        this.flowByAlias = flowByAlias;
    }

    /** Applies the realm fields and returns their names ("loginTheme", ...) where a value changed. */
    List<String> applyFields() {
        set("loginTheme", template.getLoginTheme(), realm.getLoginTheme(), realm::setLoginTheme);
        set("accountTheme", template.getAccountTheme(), realm.getAccountTheme(), realm::setAccountTheme);
        set("emailTheme", template.getEmailTheme(), realm.getEmailTheme(), realm::setEmailTheme);
        set("internationalizationEnabled", template.isInternationalizationEnabled(), realm.isInternationalizationEnabled(),
                realm::setInternationalizationEnabled);
        if (template.getSupportedLocales() != null) {
            set("supportedLocales", new HashSet<>(template.getSupportedLocales()), realm.getSupportedLocalesStream()
                    .collect(java.util.stream.Collectors.toSet()), realm::setSupportedLocales);
        }
        set("defaultLocale", template.getDefaultLocale(), realm.getDefaultLocale(), realm::setDefaultLocale);
        set("resetPasswordAllowed", template.isResetPasswordAllowed(), realm.isResetPasswordAllowed(), realm::setResetPasswordAllowed);
        set("accessTokenLifespan", template.getAccessTokenLifespan(), realm.getAccessTokenLifespan(), realm::setAccessTokenLifespan);
        set("accessCodeLifespanUserAction", template.getAccessCodeLifespanUserAction(), realm.getAccessCodeLifespanUserAction(),
                realm::setAccessCodeLifespanUserAction);
        set("actionTokenGeneratedByUserLifespan", template.getActionTokenGeneratedByUserLifespan(),
                realm.getActionTokenGeneratedByUserLifespan(), realm::setActionTokenGeneratedByUserLifespan);
        set("actionTokenGeneratedByAdminLifespan", template.getActionTokenGeneratedByAdminLifespan(),
                realm.getActionTokenGeneratedByAdminLifespan(), realm::setActionTokenGeneratedByAdminLifespan);
        if (template.getPasswordPolicy() != null
                && !policy(template.getPasswordPolicy()).equals(policy(realm.getPasswordPolicy().toString()))) {
            realm.setPasswordPolicy(PasswordPolicy.parse(session, template.getPasswordPolicy()));
            changed.add("passwordPolicy");
        }
        bind("resetCredentialsFlow", template.getResetCredentialsFlow(), realm.getResetCredentialsFlow(), realm::setResetCredentialsFlow);
        bind("browserFlow", template.getBrowserFlow(), realm.getBrowserFlow(), realm::setBrowserFlow);
        bind("directGrantFlow", template.getDirectGrantFlow(), realm.getDirectGrantFlow(), realm::setDirectGrantFlow);
        bind("registrationFlow", template.getRegistrationFlow(), realm.getRegistrationFlow(), realm::setRegistrationFlow);
        return changed;
    }

    /** Merges the template's attributes (without the version marker, written last); returns the merge. */
    SettingsMerge<String> applyAttributes() {
        Map<String, String> wanted = new LinkedHashMap<>(template.getAttributes() == null ? Map.of() : template.getAttributes());
        wanted.remove(PackVersionMarker.ATTRIBUTE);
        Set<String> packOwned = new HashSet<>();
        wanted.keySet().stream().filter(k -> k.startsWith(PACK_OWNED_ATTRIBUTE_PREFIX)).forEach(packOwned::add);
        SettingsMerge<String> merge = SettingsMerge.of(realm.getAttributes(), wanted, packOwned);
        merge.added().forEach(k -> realm.setAttribute(k, merge.merged().get(k)));
        merge.updated().forEach(k -> realm.setAttribute(k, merge.merged().get(k)));
        return merge;
    }

    /**
     * Adds the template's required actions the realm lacks and enables those the template enables.
     * One the admin disabled stays disabled only when the template does not enable it.
     */
    List<String> applyRequiredActions() {
        List<String> out = new ArrayList<>();
        if (template.getRequiredActions() == null) {
            return out;
        }
        for (RequiredActionProviderRepresentation rep : template.getRequiredActions()) {
            RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(rep.getAlias());
            if (model == null) {
                model = new RequiredActionProviderModel();
                model.setAlias(rep.getAlias());
                model.setName(rep.getName());
                model.setProviderId(rep.getProviderId());
                model.setPriority(rep.getPriority());
                model.setEnabled(rep.isEnabled());
                model.setDefaultAction(rep.isDefaultAction());
                model.setConfig(rep.getConfig() == null ? new java.util.HashMap<>() : new java.util.HashMap<>(rep.getConfig()));
                realm.addRequiredActionProvider(model);
                out.add("added " + rep.getAlias());
            } else if (rep.isEnabled() && !model.isEnabled()) {
                model.setEnabled(true);
                realm.updateRequiredActionProvider(model);
                out.add("enabled " + rep.getAlias());
            }
        }
        return out;
    }

    /** A policy string as Keycloak keeps it: a policy without arguments loses its "()". */
    static String policy(String value) {
        return value == null ? "" : value.replace("()", "").replaceAll("\\s+", " ").trim();
    }

    private <T> void set(String name, T wanted, T current, Consumer<T> setter) {
        if (wanted != null && !Objects.equals(wanted, current)) {
            setter.accept(wanted);
            changed.add(name);
        }
    }

    private void bind(String name, String alias, AuthenticationFlowModel current, Consumer<AuthenticationFlowModel> setter) {
        if (alias == null || (current != null && alias.equals(current.getAlias()))) {
            return;
        }
        AuthenticationFlowModel flow = flowByAlias.apply(alias);
        if (flow != null) {
            setter.accept(flow);
            changed.add(name);
        }
    }
}
