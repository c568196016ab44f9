package fr.douane.keycloak.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import fr.douane.keycloak.policy.BlocklistSources;

/**
 * Passwords such as people type when a form demands 8 characters, lower and upper case, a digit and a special
 * character: a base, a capital, digits and a symbol. Every generated password meets those length and class rules,
 * so a policy that refuses one refuses it for its list (or for being the username, which none is).
 *
 * <p>Four kinds, drawn with a fixed seed, so that every run measures the same 10 000 passwords:
 * <ul>
 *   <li>{@code common} (30 %): a word of 4+ letters from the 5 000 most common passwords of the npm list
 *       ({@code dragon}, {@code sunshine}), decorated;</li>
 *   <li>{@code french} (30 %): a French common word, first or last name of 4+ letters from
 *       {@code @zxcvbn-ts/language-fr} ({@code soleil}, {@code camille}, {@code dubois}), decorated;</li>
 *   <li>{@code madeUp} (25 %): two or three random syllables ({@code Bavoru}), decorated;</li>
 *   <li>{@code random} (15 %): 10 to 14 random characters of the four classes.</li>
 * </ul>
 * Decorations, as people do them: first letter upper case (sometimes the whole word), sometimes leetspeak,
 * a year or one to three digits after (sometimes before), a symbol at the end (sometimes between).
 */
final class RealLookingPasswords {

    enum Kind { COMMON, FRENCH, MADE_UP, RANDOM }

    record Password(Kind kind, String text) {
    }

    private static final String SYMBOLS = "!?@#$%*.-&";
    private static final String[] SYLLABLES = {"ba", "vo", "ru", "ki", "le", "ma", "no", "pi", "za", "tu", "fe", "go",
        "ri", "sa", "do", "mi", "lo", "ne", "ta", "ve", "bu", "ko", "ja", "xe"};

    private final Random random;
    private final List<String> common;
    private final List<String> french;

    RealLookingPasswords(long seed) {
        this.random = new Random(seed);
        this.common = letterWords(BlocklistSources.json(BlocklistSources.COMMON).subList(0, 5000));
        List<String> fr = new ArrayList<>();
        for (String resource : BlocklistSources.FRENCH) {
            fr.addAll(BlocklistSources.json(resource));
        }
        this.french = letterWords(fr);
    }

    private static List<String> letterWords(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (w.length() >= 4 && w.chars().allMatch(Character::isLetter)) {
                out.add(w.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    List<Password> generate(int n) {
        List<Password> out = new ArrayList<>(n);
        while (out.size() < n) {
            int k = random.nextInt(100);
            Kind kind = k < 30 ? Kind.COMMON : k < 60 ? Kind.FRENCH : k < 85 ? Kind.MADE_UP : Kind.RANDOM;
            String p = switch (kind) {
                case COMMON -> decorate(pick(common));
                case FRENCH -> decorate(pick(french));
                case MADE_UP -> decorate(madeUp());
                case RANDOM -> randomCharacters();
            };
            if (meetsComposition(p)) {
                out.add(new Password(kind, p));
            }
        }
        return out;
    }

    private String pick(List<String> words) {
        return words.get(random.nextInt(words.size()));
    }

    private String madeUp() {
        StringBuilder sb = new StringBuilder();
        int syllables = 2 + random.nextInt(2);
        for (int i = 0; i < syllables; i++) {
            sb.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return sb.toString();
    }

    private String decorate(String word) {
        String base = random.nextInt(10) == 0 ? word.toUpperCase(Locale.ROOT) + "x"
                : Character.toUpperCase(word.charAt(0)) + word.substring(1);
        if (random.nextInt(5) == 0) {
            base = leet(base);
        }
        String digits = random.nextInt(2) == 0 ? String.valueOf(1950 + random.nextInt(76))
                : String.valueOf(random.nextInt(random.nextBoolean() ? 10 : 1000));
        char symbol = SYMBOLS.charAt(random.nextInt(SYMBOLS.length()));
        switch (random.nextInt(4)) {
            case 0: return digits + base + symbol;
            case 1: return base + symbol + digits;
            default: return base + digits + symbol;
        }
    }

    private String leet(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case 'a': sb.append('@'); break;
                case 'o': sb.append('0'); break;
                case 'e': sb.append('3'); break;
                case 's': sb.append('$'); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    private String randomCharacters() {
        String[] classes = {"abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", SYMBOLS};
        int length = 10 + random.nextInt(5);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            String c = classes[i < 4 ? i : random.nextInt(4)];
            sb.append(c.charAt(random.nextInt(c.length())));
        }
        // Shuffle so the four guaranteed classes are not always first.
        for (int i = sb.length() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char t = sb.charAt(i);
            sb.setCharAt(i, sb.charAt(j));
            sb.setCharAt(j, t);
        }
        return sb.toString();
    }

    /** At least 8 characters, one lower-case, one upper-case, one digit, one symbol of the douane set (ASCII). */
    static boolean meetsComposition(String p) {
        return p.length() >= 8 && p.length() <= 128 && p.chars().anyMatch(Character::isLowerCase)
                && p.chars().anyMatch(Character::isUpperCase) && p.chars().anyMatch(Character::isDigit)
                && p.chars().anyMatch(c -> SYMBOLS.indexOf(c) >= 0);
    }
}
