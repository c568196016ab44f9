package fr.douane.keycloak.locale;

import java.util.Locale;

import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The realm's default language first: the browser's Accept-Language header does not choose the
 * language of pages and mails, so a person whose browser prefers English still reads the douane
 * pages in French until they pick another language with the language switch. Everything else
 * is Keycloak's own resolution, in Keycloak's order: the language picked on the page
 * ({@code kc_locale}), the account's {@code locale} attribute, the application's
 * {@code ui_locales}, the locale cookie, then the realm's default language.
 * <p>
 * A realm whose attribute {@value #FROM_BROWSER_ATTRIBUTE} is {@code true} gets Keycloak's
 * behaviour back (the browser's language comes before the realm's default).
 */
public final class DouaneLocaleSelectorProvider implements LocaleSelectorProvider {

    /** Realm attribute: {@code true} lets the browser's Accept-Language header choose, as stock Keycloak does. */
    public static final String FROM_BROWSER_ATTRIBUTE = "douaneLocaleFromBrowser";

    private final LocaleSelectorProvider keycloak;

    DouaneLocaleSelectorProvider(LocaleSelectorProvider keycloak) {
        this.keycloak = keycloak;
    }

    @Override
    public Locale resolveLocale(RealmModel realm, UserModel user) {
        return resolveLocale(realm, user, false);
    }

    @Override
    public Locale resolveLocale(RealmModel realm, UserModel user, boolean ignoreAcceptLanguageHeader) {
        return keycloak.resolveLocale(realm, user, ignoreAcceptLanguageHeader || !fromBrowser(realm));
    }

    static boolean fromBrowser(RealmModel realm) {
        return realm != null && Boolean.parseBoolean(realm.getAttribute(FROM_BROWSER_ATTRIBUTE));
    }

    @Override
    public void close() {
    }
}
