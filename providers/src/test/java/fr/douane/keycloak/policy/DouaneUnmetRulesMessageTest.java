package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The one error message Keycloak formats must read exactly like the per-rule texts joined, in both languages,
 * for every combination of unmet rules, on both formatting paths Keycloak uses.
 */
class DouaneUnmetRulesMessageTest {

    /** The two special-character items (bits 6 and 7 of a mask over {@link #all}). */
    private static final int SPECIAL_BOTH = 1 << 6 | 1 << 7;

    /** One violation per item, in display order; {@code plural} picks counts that take the plural forms. */
    private static List<DouanePasswordPolicyViolation> all(boolean plural) {
        int n = plural ? 3 : 1;
        List<DouanePasswordPolicyViolation> v = new ArrayList<>();
        v.add(DouanePasswordPolicyViolation.minLength(plural ? 12 : 1));
        v.add(DouanePasswordPolicyViolation.maxLength(128));
        v.add(DouanePasswordPolicyViolation.invisible());
        v.add(DouanePasswordPolicyViolation.lower(n));
        v.add(DouanePasswordPolicyViolation.upper(n));
        v.add(DouanePasswordPolicyViolation.digit(n));
        v.add(DouanePasswordPolicyViolation.special(n, DouaneSpecialCharacterData.of("!?_{}'#|")));
        v.add(DouanePasswordPolicyViolation.special(n, DouaneSpecialCharacterData.DOUANE));
        v.add(DouanePasswordPolicyViolation.repeat(n));
        v.add(DouanePasswordPolicyViolation.sequence(plural ? 4 : 2));
        v.add(DouanePasswordPolicyViolation.notUsername());
        v.add(DouanePasswordPolicyViolation.notEmail());
        v.add(DouanePasswordPolicyViolation.blocklisted());
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void theShippedMessageIsTheCompositionOfThePerRuleTexts(String lang) {
        Properties messages = DouanePasswordPolicyMessages.bundled(Locale.forLanguageTag(lang));
        String composed = DouaneUnmetRulesMessage.composePattern(messages);
        assertThat(messages.getProperty(DouanePasswordPolicyViolation.KEY_UNMET))
                .as("messages_%s.properties must hold, after editing a per-rule text:%n%s=%s", lang,
                        DouanePasswordPolicyViolation.KEY_UNMET, composed)
                .isEqualTo(composed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void everyCombinationReadsLikeThePerRuleTextsJoined(String lang) {
        Locale locale = Locale.forLanguageTag(lang);
        Properties messages = DouanePasswordPolicyMessages.bundled(locale);
        String pattern = messages.getProperty(DouanePasswordPolicyViolation.KEY_UNMET);
        MessageFormat loginPage = new MessageFormat(pattern, locale);
        int checked = 0;
        for (boolean plural : new boolean[] {false, true}) {
            List<DouanePasswordPolicyViolation> all = all(plural);
            for (int mask = 1; mask < 1 << all.size(); mask++) {
                if ((mask & SPECIAL_BOTH) == SPECIAL_BOTH) {
                    continue; // one config has one special set: never both special texts at once
                }
                List<DouanePasswordPolicyViolation> unmet = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    if ((mask & 1 << i) != 0) {
                        unmet.add(all.get(i));
                    }
                }
                Object[] args = DouaneUnmetRulesMessage.error(unmet).getParameters();
                String expected = DouanePasswordPolicyMessages.sentence(unmet, messages, locale);
                // FreeMarkerLoginFormsProvider.formatMessage, then UserResource.resetPassword (admin REST).
                assertThat(loginPage.format(args)).as("mask %s", Integer.toBinaryString(mask)).isEqualTo(expected);
                if (mask % 97 == 0) {
                    assertThat(MessageFormat.format(pattern, args)).isEqualTo(expected);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2 * (8191 - 2048));
    }

    /** A realm that overrides the message keeps working when a rule is added: no argument index moves. */
    @Test
    void theArgumentsOfTheFirstRulesKeepTheirIndexes() {
        Object[] args = DouaneUnmetRulesMessage.error(List.of(DouanePasswordPolicyViolation.minLength(8),
                DouanePasswordPolicyViolation.invisible(), DouanePasswordPolicyViolation.blocklisted())).getParameters();
        assertThat(args).hasSize(35);
        assertThat(args[0]).as("min length unmet").isEqualTo(1);
        assertThat(args[12]).as("nothing before it").isEqualTo(0);
        assertThat(args[24]).as("its value").isEqualTo(8);
        assertThat(args[11]).as("blocklist unmet").isEqualTo(1);
        assertThat(args[23]).as("after another").isEqualTo(1);
        assertThat(args[33]).as("invisible unmet").isEqualTo(1);
        assertThat(args[34]).as("after the length").isEqualTo(1);
        String override = "{0,choice,0#|1#trop court ({24})}{11,choice,0#|1#, trop courant}";
        assertThat(MessageFormat.format(override, args)).isEqualTo("trop court (8), trop courant");
    }

    @Test
    void specialCharactersInTheExamplesAreShownAsTheyAre() {
        Locale fr = Locale.FRENCH;
        Properties messages = DouanePasswordPolicyMessages.bundled(fr);
        DouanePasswordPolicyViolation special = DouanePasswordPolicyViolation.special(1, DouaneSpecialCharacterData.of("{}#|"));
        String text = new MessageFormat(messages.getProperty(DouanePasswordPolicyViolation.KEY_UNMET), fr)
                .format(DouaneUnmetRulesMessage.error(List.of(special)).getParameters());
        assertThat(text).contains("(par exemple # { } |");
    }

    @Test
    void aPerRuleTextThatCannotBeEmbeddedIsRefused() {
        Properties messages = new Properties();
        messages.putAll(DouanePasswordPolicyMessages.bundled(Locale.ENGLISH));
        messages.setProperty(DouanePasswordPolicyViolation.KEY_NOT_EMAIL, "can't be the email");
        assertThatThrownBy(() -> DouaneUnmetRulesMessage.composePattern(messages))
                .hasMessageContaining("apostrophe");
        messages.setProperty(DouanePasswordPolicyViolation.KEY_NOT_EMAIL, "not the email {1}");
        assertThatThrownBy(() -> DouaneUnmetRulesMessage.composePattern(messages))
                .hasMessageContaining("uses {1}");
        messages.remove(DouanePasswordPolicyViolation.KEY_UNMET_SENTENCE);
        assertThatThrownBy(() -> DouaneUnmetRulesMessage.composePattern(messages))
                .hasMessageContaining("missing message douanePasswordPolicyUnmetSentence");
    }
}
