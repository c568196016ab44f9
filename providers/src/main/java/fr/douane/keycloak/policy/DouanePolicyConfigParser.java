package fr.douane.keycloak.policy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the {@code douane-passay} config string, strictly.
 *
 * <h2>Syntax</h2>
 * {@code key=value} items separated by commas, no whitespace anywhere, each key at most once, keys are
 * case-sensitive. An empty (or absent) config string is the douane rule ({@link DouanePolicyConfig#DEFAULT}).
 * Example: {@code minLength=12,maxLength=128,minSpecial=2,maxRepeat=3,blocklistFrench=on}. Keycloak splits
 * the realm's policy string on {@code " and "} and takes everything between the first {@code (} and the last
 * character as the config: a config without whitespace can never be cut, and commas, {@code =} and
 * parentheses are safe inside it.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>values</th><th>default</th></tr>
 * <tr><td>minLength</td><td>1..maxLength, in code points</td><td>8</td></tr>
 * <tr><td>maxLength</td><td>64..4096, in code points</td><td>128</td></tr>
 * <tr><td>minLower, minUpper, minDigit, minSpecial</td><td>0..64 (0 = no requirement)</td><td>1</td></tr>
 * <tr><td>specialChars</td><td>the special set, percent-encoded UTF-8 where needed ({@code %}, {@code ,},
 *     {@code =} must be written {@code %25 %2C %3D})</td><td>{@link DouaneSpecialCharacterData#DOUANE}</td></tr>
 * <tr><td>blocklist</td><td>on | off</td><td>on</td></tr>
 * <tr><td>blocklistFrench</td><td>on | off: French common words, first and last names</td><td>off</td></tr>
 * <tr><td>notUsername, notEmail</td><td>on | off</td><td>on</td></tr>
 * <tr><td>maxRepeat</td><td>0 (off) or 1..64</td><td>0</td></tr>
 * <tr><td>maxSequence</td><td>0 (off) or 2..64</td><td>0</td></tr>
 * </table>
 * Anything else throws {@link IllegalArgumentException} naming the problem; the provider turns it into the
 * {@code PasswordPolicyConfigException} Keycloak shows when the admin saves the policy.
 */
public final class DouanePolicyConfigParser {

    public static final String MIN_LENGTH = "minLength";
    public static final String MAX_LENGTH = "maxLength";
    public static final String MIN_LOWER = "minLower";
    public static final String MIN_UPPER = "minUpper";
    public static final String MIN_DIGIT = "minDigit";
    public static final String MIN_SPECIAL = "minSpecial";
    public static final String SPECIAL_CHARS = "specialChars";
    public static final String BLOCKLIST = "blocklist";
    public static final String BLOCKLIST_FRENCH = "blocklistFrench";
    public static final String NOT_USERNAME = "notUsername";
    public static final String NOT_EMAIL = "notEmail";
    public static final String MAX_REPEAT = "maxRepeat";
    public static final String MAX_SEQUENCE = "maxSequence";

    /** Keys in their canonical order. */
    public static final List<String> KEYS = List.of(MIN_LENGTH, MAX_LENGTH, MIN_LOWER, MIN_UPPER, MIN_DIGIT,
            MIN_SPECIAL, SPECIAL_CHARS, BLOCKLIST, BLOCKLIST_FRENCH, NOT_USERNAME, NOT_EMAIL, MAX_REPEAT, MAX_SEQUENCE);

    /** A maximum below this would forbid passphrases. */
    public static final int MAX_LENGTH_FLOOR = 64;
    /** Past this, hashing cost rather than security grows. */
    public static final int MAX_LENGTH_CEILING = 4096;
    static final int COUNT_MAX = 64;

    private DouanePolicyConfigParser() {
    }

    /**
     * Parses a config string; {@code null} or blank means {@link DouanePolicyConfig#DEFAULT}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static DouanePolicyConfig parse(String raw) {
        if (raw == null || raw.trim().isEmpty()) {
            return DouanePolicyConfig.DEFAULT;
        }
        Map<String, String> values = items(raw.trim());
        DouanePolicyConfig d = DouanePolicyConfig.DEFAULT;
        int maxLength = number(values, MAX_LENGTH, d.maxLength(), MAX_LENGTH_FLOOR, MAX_LENGTH_CEILING);
        int minLength = number(values, MIN_LENGTH, d.minLength(), 1, MAX_LENGTH_CEILING);
        if (minLength > maxLength) {
            throw new IllegalArgumentException("minLength (" + minLength + ") is greater than maxLength (" + maxLength + ")");
        }
        int minLower = number(values, MIN_LOWER, d.minLower(), 0, COUNT_MAX);
        int minUpper = number(values, MIN_UPPER, d.minUpper(), 0, COUNT_MAX);
        int minDigit = number(values, MIN_DIGIT, d.minDigit(), 0, COUNT_MAX);
        int minSpecial = number(values, MIN_SPECIAL, d.minSpecial(), 0, COUNT_MAX);
        int classes = minLower + minUpper + minDigit + minSpecial;
        if (classes > maxLength) {
            throw new IllegalArgumentException("minLower + minUpper + minDigit + minSpecial (" + classes
                    + ") is greater than maxLength (" + maxLength + "): no password could satisfy the policy");
        }
        DouaneSpecialCharacterData specials = d.specialChars();
        if (values.containsKey(SPECIAL_CHARS)) {
            try {
                specials = DouaneSpecialCharacterData.of(percentDecode(SPECIAL_CHARS, values.get(SPECIAL_CHARS)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SPECIAL_CHARS + ": " + e.getMessage(), e);
            }
        }
        boolean blocklist = onOff(values, BLOCKLIST, d.blocklist());
        boolean french = onOff(values, BLOCKLIST_FRENCH, d.blocklistFrench());
        if (french && !blocklist) {
            throw new IllegalArgumentException(BLOCKLIST_FRENCH + "=on needs " + BLOCKLIST + "=on");
        }
        int maxRepeat = number(values, MAX_REPEAT, d.maxRepeat(), 0, COUNT_MAX);
        int maxSequence = number(values, MAX_SEQUENCE, d.maxSequence(), 0, COUNT_MAX);
        if (maxSequence == 1) {
            throw new IllegalArgumentException("maxSequence must be 0 (off) or between 2 and " + COUNT_MAX
                    + " (1 would forbid any two neighbouring keys, e.g. 'ab' or '12')");
        }
        return new DouanePolicyConfig(minLength, maxLength, minLower, minUpper, minDigit, minSpecial, specials,
                blocklist, french, onOff(values, NOT_USERNAME, d.notUsername()), onOff(values, NOT_EMAIL, d.notEmail()),
                maxRepeat, maxSequence);
    }

    private static Map<String, String> items(String config) {
        for (int i = 0; i < config.length(); i++) {
            if (Character.isWhitespace(config.charAt(i)) || Character.isSpaceChar(config.charAt(i))) {
                throw new IllegalArgumentException("whitespace is not allowed in the config (position " + (i + 1)
                        + "); separate items with commas, e.g. minLength=8,maxLength=128");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String item : config.split(",", -1)) {
            if (item.isEmpty()) {
                throw new IllegalArgumentException("empty item in '" + config + "' (two commas in a row, or a comma at the start or end)");
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("'" + item + "' is not key=value");
            }
            String key = item.substring(0, eq);
            String value = item.substring(eq + 1);
            if ("blocklistFile".equals(key)) {
                throw new IllegalArgumentException("blocklistFile is a server option, not a realm setting: start Keycloak with "
                        + "--spi-password-policy--douane-passay--blocklist-file=<path>");
            }
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; known keys: " + String.join(", ", KEYS));
            }
            if (values.containsKey(key)) {
                throw new IllegalArgumentException("key '" + key + "' is given twice");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("key '" + key + "' has no value");
            }
            values.put(key, value);
        }
        return values;
    }

    private static int number(Map<String, String> values, String key, int def, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        if (!v.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(key + " must be a whole number between " + min + " and " + max + ", got '" + v + "'");
        }
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            String why = MAX_LENGTH.equals(key) && n < min
                    ? " (a maximum below " + MAX_LENGTH_FLOOR + " would forbid passphrases)" : "";
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + n + why);
        }
        return n;
    }

    private static boolean onOff(Map<String, String> values, String key, boolean def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        if ("on".equals(v) || "off".equals(v)) {
            return "on".equals(v);
        }
        throw new IllegalArgumentException(key + " must be 'on' or 'off', got '" + v + "'");
    }

    /**
     * The canonical config string: every key with its value, in {@link #KEYS} order ({@code specialChars} only
     * when it is not the douane set). {@code parse(format(c))} equals {@code c}.
     */
    public static String format(DouanePolicyConfig c) {
        StringBuilder sb = new StringBuilder(192);
        sb.append(MIN_LENGTH).append('=').append(c.minLength())
                .append(',').append(MAX_LENGTH).append('=').append(c.maxLength())
                .append(',').append(MIN_LOWER).append('=').append(c.minLower())
                .append(',').append(MIN_UPPER).append('=').append(c.minUpper())
                .append(',').append(MIN_DIGIT).append('=').append(c.minDigit())
                .append(',').append(MIN_SPECIAL).append('=').append(c.minSpecial());
        if (!DouaneSpecialCharacterData.DOUANE.equals(c.specialChars())) {
            sb.append(',').append(SPECIAL_CHARS).append('=').append(percentEncode(c.specialChars().getCharacters()));
        }
        return sb.append(',').append(BLOCKLIST).append('=').append(onOff(c.blocklist()))
                .append(',').append(BLOCKLIST_FRENCH).append('=').append(onOff(c.blocklistFrench()))
                .append(',').append(NOT_USERNAME).append('=').append(onOff(c.notUsername()))
                .append(',').append(NOT_EMAIL).append('=').append(onOff(c.notEmail()))
                .append(',').append(MAX_REPEAT).append('=').append(c.maxRepeat())
                .append(',').append(MAX_SEQUENCE).append('=').append(c.maxSequence())
                .toString();
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    /** Strict %XX decoding of UTF-8; a literal {@code %} must be written {@code %25}. {@code +} stays {@code +}. */
    static String percentDecode(String key, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); ) {
            char c = value.charAt(i);
            if (c == '%') {
                int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int lo = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException(key + ": invalid percent-encoding at position " + (i + 1)
                            + " (write a literal % as %25)");
                }
                out.write(hi * 16 + lo);
                i += 3;
            } else {
                int cp = value.codePointAt(i);
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(key + ": the percent-encoded bytes are not valid UTF-8", e);
        }
    }

    /** Percent-encodes what the parser treats as syntax (and anything non-printable or non-ASCII). */
    static String percentEncode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int u = b & 0xFF;
            if (u > 0x20 && u < 0x7F && u != '%' && u != ',' && u != '=') {
                sb.append((char) u);
            } else {
                sb.append('%').append(String.format("%02X", u));
            }
        }
        return sb.toString();
    }
}
