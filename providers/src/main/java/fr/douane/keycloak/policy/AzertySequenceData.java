package fr.douane.keycloak.policy;

import org.passay.data.CharacterSequence;
import org.passay.data.SequenceData;

/**
 * Rows of the French AZERTY keyboard, for Passay's {@code IllegalSequenceRule}: Passay ships QWERTY rows
 * only, and {@code azerty}, {@code qsdfgh} or {@code wxcvbn} are what French users type.
 */
enum AzertySequenceData implements SequenceData {

    AZERTY;

    static final String ERROR_CODE = "DOUANE_ILLEGAL_AZERTY_SEQUENCE";

    private static final CharacterSequence[] ROWS = {
        new CharacterSequence("&é\"'(-è_çà)=", "1234567890°+"),
        new CharacterSequence("azertyuiop", "AZERTYUIOP"),
        new CharacterSequence("qsdfghjklm", "QSDFGHJKLM"),
        new CharacterSequence("wxcvbn", "WXCVBN"),
    };

    @Override
    public String getErrorCode() {
        return ERROR_CODE;
    }

    @Override
    public CharacterSequence[] getSequences() {
        return ROWS.clone();
    }
}
