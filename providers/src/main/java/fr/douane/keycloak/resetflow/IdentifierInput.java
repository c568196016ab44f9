package fr.douane.keycloak.resetflow;

import java.text.Normalizer;

/**
 * What a person typed in the "Identifiant" or "Courriel" field of the forgot-password page, or in
 * the identifiant field of the last page, once checked. Nothing here is ever echoed raw: the
 * theme escapes what it renders, and a refused value is not rendered back at all.
 */
public final class IdentifierInput {

    /** RFC 5321 limits an address to 254 characters; Keycloak usernames are 255 at most. */
    static final int MAX_LENGTH = 254;

    public enum Problem {
        NONE(null),
        MISSING("douaneResetIdentifierMissing"),
        INVALID("douaneResetIdentifierInvalid");

        private final String messageKey;

        Problem(String messageKey) {
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    private final String value;
    private final Problem problem;

    private IdentifierInput(String value, Problem problem) {
        this.value = value;
        this.problem = problem;
    }

    /**
     * Trims, normalizes (NFKC, so that full-width or compatibility forms match the stored value)
     * and refuses what can never be an identifiant or an address: over-long values, control
     * characters (CR/LF would be a mail header injection), and markup characters.
     */
    public static IdentifierInput parse(String raw) {
        if (raw == null) {
            return new IdentifierInput("", Problem.MISSING);
        }
        // Refuse before normalizing: a 10 MB value must not cost a 10 MB normalization.
        if (raw.length() > MAX_LENGTH * 4) {
            return new IdentifierInput("", Problem.INVALID);
        }
        String value = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
        if (value.isEmpty()) {
            return new IdentifierInput("", Problem.MISSING);
        }
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            return new IdentifierInput("", Problem.INVALID);
        }
        boolean bad = value.codePoints().anyMatch(IdentifierInput::isRefused);
        return bad ? new IdentifierInput("", Problem.INVALID) : new IdentifierInput(value, Problem.NONE);
    }

    private static boolean isRefused(int cp) {
        if (Character.isISOControl(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.UNASSIGNED) {
            return true;
        }
        return cp == '<' || cp == '>' || cp == '"' || cp == '\\' || cp == '`';
    }

    public String value() {
        return value;
    }

    public Problem problem() {
        return problem;
    }

    public boolean isValid() {
        return problem == Problem.NONE;
    }
}
