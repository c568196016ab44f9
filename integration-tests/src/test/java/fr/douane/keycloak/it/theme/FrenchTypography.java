package fr.douane.keycloak.it.theme;

import java.util.ArrayList;
import java.util.List;

/**
 * The French typography of the pack's pages and mails (as on DSFR sites): a no-break space
 * (U+00A0) before « ? », « ! », « : » and « ; » and inside « », and one apostrophe, ’ (U+2019).
 * A colon or question mark that does not end a clause (a URL, {@code jdbc:postgresql}, 10:30)
 * needs no space.
 */
public final class FrenchTypography {

    public static final char NO_BREAK_SPACE = '\u00A0';
    private static final String HIGH_PUNCTUATION = "?!:;";

    private FrenchTypography() {
    }

    /** One line per fault, with the text around it; empty when the text is right. */
    public static List<String> faults(String text) {
        List<String> faults = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char before = i > 0 ? text.charAt(i - 1) : '\n';
            if (c == '\'' || c == '\u2018' || c == '\u02BC') {
                faults.add(around(text, i, "apostrophe U+" + hex(c) + " instead of ’"));
            } else if (HIGH_PUNCTUATION.indexOf(c) >= 0 && before != NO_BREAK_SPACE && HIGH_PUNCTUATION.indexOf(before) < 0) {
                if (before == ' ' || before == '\u202F' || before == '\u2009' || before == '\t') {
                    faults.add(around(text, i, "U+" + hex(before) + " before " + c + " instead of a no-break space"));
                } else if (i > 0 && before != '\n' && endsClause(text, i + 1)) {
                    faults.add(around(text, i, "no no-break space before " + c));
                }
            } else if (c == '«' && (i + 1 >= text.length() || text.charAt(i + 1) != NO_BREAK_SPACE)) {
                faults.add(around(text, i, "no no-break space after «"));
            } else if (c == '»' && before != NO_BREAK_SPACE) {
                faults.add(around(text, i, "no no-break space before »"));
            }
        }
        return faults;
    }

    private static boolean endsClause(String text, int next) {
        if (next >= text.length()) {
            return true;
        }
        char n = text.charAt(next);
        return Character.isWhitespace(n) || n == NO_BREAK_SPACE || ")»,.\"".indexOf(n) >= 0;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    private static String around(String text, int i, String fault) {
        String excerpt = text.substring(Math.max(0, i - 25), Math.min(text.length(), i + 15))
                .replace(NO_BREAK_SPACE, '⍽').replace('\n', '⏎');
        return fault + ": …" + excerpt + "…";
    }
}
