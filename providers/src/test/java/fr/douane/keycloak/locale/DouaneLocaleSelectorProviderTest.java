package fr.douane.keycloak.locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

class DouaneLocaleSelectorProviderTest {

    private final LocaleSelectorProvider keycloak = mock(LocaleSelectorProvider.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserModel user = mock(UserModel.class);
    private final DouaneLocaleSelectorProvider selector = new DouaneLocaleSelectorProvider(keycloak);

    DouaneLocaleSelectorProviderTest() {
        when(keycloak.resolveLocale(any(), any(), anyBoolean())).thenAnswer(i -> i.getArgument(2, Boolean.class) ? Locale.FRENCH : Locale.ENGLISH);
    }

    @Test
    void theBrowserLanguageIsLeftAsideByDefault() {
        assertThat(selector.resolveLocale(realm, user)).isEqualTo(Locale.FRENCH);
        verify(keycloak).resolveLocale(realm, user, true);
    }

    @Test
    void theRealmAttributeGivesKeycloaksBehaviourBack() {
        when(realm.getAttribute(DouaneLocaleSelectorProvider.FROM_BROWSER_ATTRIBUTE)).thenReturn("true");
        assertThat(selector.resolveLocale(realm, user)).isEqualTo(Locale.ENGLISH);
        verify(keycloak).resolveLocale(realm, user, false);
    }

    @Test
    void anyOtherValueOfTheAttributeKeepsTheRealmLanguageFirst() {
        when(realm.getAttribute(DouaneLocaleSelectorProvider.FROM_BROWSER_ATTRIBUTE)).thenReturn("false");
        assertThat(selector.resolveLocale(realm, null)).isEqualTo(Locale.FRENCH);
        when(realm.getAttribute(DouaneLocaleSelectorProvider.FROM_BROWSER_ATTRIBUTE)).thenReturn("oui");
        assertThat(selector.resolveLocale(realm, null)).isEqualTo(Locale.FRENCH);
    }

    /** Keycloak's mails may ask to leave the header aside themselves: the realm attribute never brings it back. */
    @Test
    void aCallerThatIgnoresTheHeaderIsObeyedEvenWhenTheRealmHonoursIt() {
        when(realm.getAttribute(DouaneLocaleSelectorProvider.FROM_BROWSER_ATTRIBUTE)).thenReturn("true");
        assertThat(selector.resolveLocale(realm, user, true)).isEqualTo(Locale.FRENCH);
        verify(keycloak).resolveLocale(realm, user, true);
    }

    /** Keycloak makes the factory with the highest positive order the default when no server option names one. */
    @Test
    void theFactoryOutranksKeycloaksDefault() {
        DouaneLocaleSelectorProviderFactory factory = new DouaneLocaleSelectorProviderFactory();
        assertThat(factory.order()).isPositive();
        assertThat(factory.getId()).isEqualTo("douane-locale-selector");
        assertThat(factory.getOperationalInfo()).containsKey("Implementation-Version");
    }
}
