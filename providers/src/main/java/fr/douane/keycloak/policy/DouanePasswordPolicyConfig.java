package fr.douane.keycloak.policy;

import java.io.Serializable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;

/**
 * The typed configuration of the {@code douane-passay} password policy, parsed strictly from the
 * policy's config string, i.e. what stands between the parentheses of {@code douane-passay(...)} in the
 * realm's {@code passwordPolicy}.
 *
 * <h2>Syntax</h2>
 * {@code key=value} items separated by commas, no whitespace anywhere, each key at most once, keys are
 * case-sensitive. An empty (or absent) config string is the douane rule. Example:
 * <pre>minLength=12,maxLength=128,minSpecial=2,maxRepeat=3,blocklistFile=/opt/keycloak/conf/extra.txt</pre>
 * Why this shape: Keycloak splits the realm's policy string on {@code " and "} and takes everything
 * between the first {@code (} and the last character as the config, so a config without whitespace can
 * never be cut, and commas, {@code =} and parentheses are safe inside it.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>values</th><th>default</th></tr>
 * <tr><td>minLength</td><td>1..maxLength, in Unicode code points</td><td>8</td></tr>
 * <tr><td>maxLength</td><td>64..4096, in Unicode code points</td><td>128</td></tr>
 * <tr><td>minLower, minUpper, minDigit, minSpecial</td><td>0..64 (0 = no requirement)</td><td>1</td></tr>
 * <tr><td>specialChars</td><td>the special set, percent-encoded UTF-8 where needed
 *     ({@code %}, {@code ,}, {@code =} must be written {@code %25 %2C %3D})</td><td>the douane set, see
 *     {@link DouaneSpecialCharacterData}</td></tr>
 * <tr><td>blocklist</td><td>on | off</td><td>on</td></tr>
 * <tr><td>blocklistFile</td><td>absolute path of an extra UTF-8 word list on every node (percent-encoded
 *     where needed)</td><td>none</td></tr>
 * <tr><td>notUsername, notEmail</td><td>on | off</td><td>on</td></tr>
 * <tr><td>maxRepeat</td><td>0 (off) or 1..64: most identical characters allowed in a row</td><td>0</td></tr>
 * <tr><td>maxSequence</td><td>0 (off) or 2..64: longest alphabetical, numerical, QWERTY or AZERTY run
 *     allowed</td><td>0</td></tr>
 * </table>
 * Anything else (unknown key, duplicate key, missing {@code =}, empty item, whitespace, value out of
 * range, bad percent-encoding) throws {@link IllegalArgumentException} with a message that names the
 * problem; the provider turns it into a {@code PasswordPolicyConfigException}, which Keycloak shows when
 * the admin saves the policy.
 */
public final class DouanePasswordPolicyConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String MIN_LENGTH = "minLength";
    public static final String MAX_LENGTH = "maxLength";
    public static final String MIN_LOWER = "minLower";
    public static final String MIN_UPPER = "minUpper";
    public static final String MIN_DIGIT = "minDigit";
    public static final String MIN_SPECIAL = "minSpecial";
    public static final String SPECIAL_CHARS = "specialChars";
    public static final String BLOCKLIST = "blocklist";
    public static final String BLOCKLIST_FILE = "blocklistFile";
    public static final String NOT_USERNAME = "notUsername";
    public static final String NOT_EMAIL = "notEmail";
    public static final String MAX_REPEAT = "maxRepeat";
    public static final String MAX_SEQUENCE = "maxSequence";

    /** Keys in their canonical order. */
    public static final List<String> KEYS = List.of(MIN_LENGTH, MAX_LENGTH, MIN_LOWER, MIN_UPPER, MIN_DIGIT,
            MIN_SPECIAL, SPECIAL_CHARS, BLOCKLIST, BLOCKLIST_FILE, NOT_USERNAME, NOT_EMAIL, MAX_REPEAT, MAX_SEQUENCE);

    public static final int DEFAULT_MIN_LENGTH = 8;
    public static final int DEFAULT_MAX_LENGTH = 128;
    /** A maximum below this would forbid passphrases: the policy never allows it. */
    public static final int MAX_LENGTH_FLOOR = 64;
    /** Past this, hashing cost rather than security grows. */
    public static final int MAX_LENGTH_CEILING = 4096;
    static final int CLASS_MAX = 64;

    /** The douane rule. */
    public static final DouanePasswordPolicyConfig DEFAULT = new DouanePasswordPolicyConfig(DEFAULT_MIN_LENGTH,
            DEFAULT_MAX_LENGTH, 1, 1, 1, 1, DouaneSpecialCharacterData.DOUANE, true, null, true, true, 0, 0);

    private final int minLength;
    private final int maxLength;
    private final int minLower;
    private final int minUpper;
    private final int minDigit;
    private final int minSpecial;
    private final DouaneSpecialCharacterData specialChars;
    private final boolean blocklist;
    private final String blocklistFile;
    private final boolean notUsername;
    private final boolean notEmail;
    private final int maxRepeat;
    private final int maxSequence;
    /** Configs are map keys of the factory's compiled-rules cache, looked up on every validation. */
    private final int hash;

    private DouanePasswordPolicyConfig(int minLength, int maxLength, int minLower, int minUpper, int minDigit,
                                       int minSpecial, DouaneSpecialCharacterData specialChars, boolean blocklist,
                                       String blocklistFile, boolean notUsername, boolean notEmail, int maxRepeat,
                                       int maxSequence) {
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.minLower = minLower;
        this.minUpper = minUpper;
        this.minDigit = minDigit;
        this.minSpecial = minSpecial;
        this.specialChars = specialChars;
        this.blocklist = blocklist;
        this.blocklistFile = blocklistFile;
        this.notUsername = notUsername;
        this.notEmail = notEmail;
        this.maxRepeat = maxRepeat;
        this.maxSequence = maxSequence;
        this.hash = Objects.hash(minLength, maxLength, minLower, minUpper, minDigit, minSpecial, specialChars,
                blocklist, blocklistFile, notUsername, notEmail, maxRepeat, maxSequence);
    }

    /**
     * The config of the {@code douane-passay} policy in this realm, or {@code null} when the realm does not
     * use it (the reset page then shows no checklist and relies on whatever policies the realm has).
     */
    public static DouanePasswordPolicyConfig fromRealm(RealmModel realm) {
        if (realm == null) {
            return null;
        }
        PasswordPolicy policy = realm.getPasswordPolicy();
        if (policy == null || !policy.getPolicies().contains(DouanePasswordPolicyProviderFactory.PROVIDER_ID)) {
            return null;
        }
        Object config = policy.getPolicyConfig(DouanePasswordPolicyProviderFactory.PROVIDER_ID);
        if (config instanceof DouanePasswordPolicyConfig) {
            return (DouanePasswordPolicyConfig) config;
        }
        // Parsed by another class loader generation (hot redeploy) or not parsed yet: parse the string form.
        return config == null ? DEFAULT : parse(String.valueOf(config));
    }

    /**
     * Parses a config string; {@code null} or blank means {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static DouanePasswordPolicyConfig parse(String raw) {
        if (raw == null || raw.trim().isEmpty()) {
            return DEFAULT;
        }
        String config = raw.trim();
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

        int maxLength = intValue(values, MAX_LENGTH, DEFAULT_MAX_LENGTH, MAX_LENGTH_FLOOR, MAX_LENGTH_CEILING);
        int minLength = intValue(values, MIN_LENGTH, DEFAULT_MIN_LENGTH, 1, MAX_LENGTH_CEILING);
        if (minLength > maxLength) {
            throw new IllegalArgumentException("minLength (" + minLength + ") is greater than maxLength (" + maxLength + ")");
        }
        int minLower = intValue(values, MIN_LOWER, 1, 0, CLASS_MAX);
        int minUpper = intValue(values, MIN_UPPER, 1, 0, CLASS_MAX);
        int minDigit = intValue(values, MIN_DIGIT, 1, 0, CLASS_MAX);
        int minSpecial = intValue(values, MIN_SPECIAL, 1, 0, CLASS_MAX);
        int classes = minLower + minUpper + minDigit + minSpecial;
        if (classes > maxLength) {
            throw new IllegalArgumentException("minLower + minUpper + minDigit + minSpecial (" + classes
                    + ") is greater than maxLength (" + maxLength + "): no password could satisfy the policy");
        }
        DouaneSpecialCharacterData specials = DouaneSpecialCharacterData.DOUANE;
        if (values.containsKey(SPECIAL_CHARS)) {
            String decoded = percentDecode(SPECIAL_CHARS, values.get(SPECIAL_CHARS));
            try {
                specials = DouaneSpecialCharacterData.of(decoded);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("specialChars: " + e.getMessage(), e);
            }
        }
        boolean blocklist = onOff(values, BLOCKLIST, true);
        String blocklistFile = null;
        if (values.containsKey(BLOCKLIST_FILE)) {
            blocklistFile = percentDecode(BLOCKLIST_FILE, values.get(BLOCKLIST_FILE));
            try {
                if (!Path.of(blocklistFile).isAbsolute()) {
                    throw new IllegalArgumentException("blocklistFile must be an absolute path, got '" + blocklistFile + "'");
                }
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("blocklistFile is not a valid path: " + e.getMessage(), e);
            }
            if (!blocklist) {
                throw new IllegalArgumentException("blocklistFile is set but blocklist=off: remove one of them");
            }
        }
        boolean notUsername = onOff(values, NOT_USERNAME, true);
        boolean notEmail = onOff(values, NOT_EMAIL, true);
        int maxRepeat = intValue(values, MAX_REPEAT, 0, 0, CLASS_MAX);
        int maxSequence = intValue(values, MAX_SEQUENCE, 0, 0, CLASS_MAX);
        if (maxSequence == 1) {
            throw new IllegalArgumentException("maxSequence must be 0 (off) or between 2 and " + CLASS_MAX
                    + " (1 would forbid any two neighbouring keys, e.g. 'ab' or '12')");
        }
        return new DouanePasswordPolicyConfig(minLength, maxLength, minLower, minUpper, minDigit, minSpecial,
                specials, blocklist, blocklistFile, notUsername, notEmail, maxRepeat, maxSequence);
    }

    private static int intValue(Map<String, String> values, String key, int def, int min, int max) {
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
        if ("on".equals(v)) {
            return true;
        }
        if ("off".equals(v)) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be 'on' or 'off', got '" + v + "'");
    }

    /** Strict %XX decoding of UTF-8; a literal {@code %} must be written {@code %25}. {@code +} stays {@code +}. */
    static String percentDecode(String key, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); ) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw new IllegalArgumentException(key + ": incomplete percent-encoding at position " + (i + 1) + " (write a literal % as %25)");
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException(key + ": invalid percent-encoding '" + value.substring(i, i + 3)
                            + "' at position " + (i + 1) + " (write a literal % as %25)");
                }
                out.write(hi * 16 + lo);
                i += 3;
            } else {
                int cp = value.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
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

    /**
     * The canonical config string: every key with its value, in {@link #KEYS} order ({@code specialChars}
     * and {@code blocklistFile} only when set). {@code parse(c.toConfigString())} equals {@code c}.
     */
    public String toConfigString() {
        StringBuilder sb = new StringBuilder();
        sb.append(MIN_LENGTH).append('=').append(minLength)
                .append(',').append(MAX_LENGTH).append('=').append(maxLength)
                .append(',').append(MIN_LOWER).append('=').append(minLower)
                .append(',').append(MIN_UPPER).append('=').append(minUpper)
                .append(',').append(MIN_DIGIT).append('=').append(minDigit)
                .append(',').append(MIN_SPECIAL).append('=').append(minSpecial);
        if (!specialChars.equals(DouaneSpecialCharacterData.DOUANE)) {
            sb.append(',').append(SPECIAL_CHARS).append('=').append(percentEncode(specialChars.getCharacters()));
        }
        sb.append(',').append(BLOCKLIST).append('=').append(blocklist ? "on" : "off");
        if (blocklistFile != null) {
            sb.append(',').append(BLOCKLIST_FILE).append('=').append(percentEncode(blocklistFile));
        }
        sb.append(',').append(NOT_USERNAME).append('=').append(notUsername ? "on" : "off")
                .append(',').append(NOT_EMAIL).append('=').append(notEmail ? "on" : "off")
                .append(',').append(MAX_REPEAT).append('=').append(maxRepeat)
                .append(',').append(MAX_SEQUENCE).append('=').append(maxSequence);
        return sb.toString();
    }

    /**
     * The rules a page can check live, in display order, each with its message key and parameters (the
     * same key and parameters the server uses for its error list). {@code serverOnly} rules (blocklist) are
     * listed so a page can mention them, but cannot be checked in the browser.
     */
    public List<DouanePasswordPolicyViolation> describeRules() {
        List<DouanePasswordPolicyViolation> rules = new ArrayList<>();
        rules.add(DouanePasswordPolicyViolation.minLength(minLength));
        rules.add(DouanePasswordPolicyViolation.maxLength(maxLength));
        if (minLower > 0) {
            rules.add(DouanePasswordPolicyViolation.lower(minLower));
        }
        if (minUpper > 0) {
            rules.add(DouanePasswordPolicyViolation.upper(minUpper));
        }
        if (minDigit > 0) {
            rules.add(DouanePasswordPolicyViolation.digit(minDigit));
        }
        if (minSpecial > 0) {
            rules.add(DouanePasswordPolicyViolation.special(minSpecial, specialChars));
        }
        if (maxRepeat > 0) {
            rules.add(DouanePasswordPolicyViolation.repeat(maxRepeat));
        }
        if (maxSequence > 0) {
            rules.add(DouanePasswordPolicyViolation.sequence(maxSequence));
        }
        if (notUsername) {
            rules.add(DouanePasswordPolicyViolation.notUsername());
        }
        if (notEmail) {
            rules.add(DouanePasswordPolicyViolation.notEmail());
        }
        if (blocklist) {
            rules.add(DouanePasswordPolicyViolation.blocklisted());
        }
        return rules;
    }

    /**
     * The rules as JSON for the reset page's live checklist: one source of truth with the server. Safe to
     * embed in HTML (inside {@code <script type="application/json">} or an attribute): {@code < > & ' "}
     * in strings are written as {@code \\uXXXX}. Message keys without labels; see
     * {@link #toClientRulesJson(Properties, Locale)} for labels.
     */
    public String toClientRulesJson() {
        return toClientRulesJson(null, null);
    }

    /**
     * As {@link #toClientRulesJson()}, with each rule's {@code label} formatted from {@code messages} (e.g.
     * the login theme's messages for the page's locale). The JSON has:
     * {@code policy, normalization ("none": the rules see the password as typed), lengthUnit ("codePoint"),
     * minLength, maxLength, minLower, minUpper, minDigit, minSpecial, specialChars, lowerPattern ("\\p{Ll}"),
     * upperPattern ("\\p{Lu}"), digitPattern ("\\p{Nd}"), invisiblePattern (characters refused and left out
     * of the minimum length), maxRepeat, maxSequence, notUsername, notEmail, blocklist, rules[]} where each
     * rule is {@code {id, messageKey, params[], serverOnly[, label]}}.
     */
    public String toClientRulesJson(Properties messages, Locale locale) {
        Json j = new Json();
        j.sb.append('{');
        j.field("policy", DouanePasswordPolicyProviderFactory.PROVIDER_ID).comma();
        j.field("normalization", "none").comma();
        j.field("lengthUnit", "codePoint").comma();
        j.field("minLength", minLength).comma();
        j.field("maxLength", maxLength).comma();
        j.field("minLower", minLower).comma();
        j.field("minUpper", minUpper).comma();
        j.field("minDigit", minDigit).comma();
        j.field("minSpecial", minSpecial).comma();
        j.field("specialChars", specialChars.getCharacters()).comma();
        j.field("lowerPattern", "\\p{Ll}").comma();
        j.field("upperPattern", "\\p{Lu}").comma();
        j.field("digitPattern", "\\p{Nd}").comma();
        j.field("invisiblePattern", "[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}]").comma();
        j.field("maxRepeat", maxRepeat).comma();
        j.field("maxSequence", maxSequence).comma();
        j.field("notUsername", notUsername).comma();
        j.field("notEmail", notEmail).comma();
        j.field("blocklist", blocklist).comma();
        j.key("rules").sb.append('[');
        boolean first = true;
        for (DouanePasswordPolicyViolation rule : describeRules()) {
            if (!first) {
                j.comma();
            }
            first = false;
            j.sb.append('{');
            j.field("id", rule.getRuleId()).comma();
            j.field("messageKey", rule.getMessageKey()).comma();
            j.key("params").sb.append('[');
            Object[] params = rule.getParameters();
            for (int i = 0; i < params.length; i++) {
                if (i > 0) {
                    j.comma();
                }
                if (params[i] instanceof Number) {
                    j.sb.append(params[i]);
                } else {
                    j.string(String.valueOf(params[i]));
                }
            }
            j.sb.append(']').append(',');
            j.field("serverOnly", rule.isServerOnly());
            if (messages != null) {
                j.comma().field("label", DouanePasswordPolicyMessages.format(messages, locale, rule.getMessageKey(), params));
            }
            j.sb.append('}');
        }
        j.sb.append("]}");
        return j.sb.toString();
    }

    /** A tiny JSON writer: the config is flat and the pack ships no JSON library of its own. */
    private static final class Json {
        final StringBuilder sb = new StringBuilder(512);

        Json key(String k) {
            string(k);
            sb.append(':');
            return this;
        }

        Json comma() {
            sb.append(',');
            return this;
        }

        Json field(String k, String v) {
            key(k);
            string(v);
            return this;
        }

        Json field(String k, int v) {
            key(k);
            sb.append(v);
            return this;
        }

        Json field(String k, boolean v) {
            key(k);
            sb.append(v);
            return this;
        }

        void string(String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"': sb.append("\\\""); break;
                    case '\\': sb.append("\\\\"); break;
                    case '\n': sb.append("\\n"); break;
                    case '\r': sb.append("\\r"); break;
                    case '\t': sb.append("\\t"); break;
                    default:
                        if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'' || c == '\u2028' || c == '\u2029') {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                }
            }
            sb.append('"');
        }
    }

    public int getMinLength() {
        return minLength;
    }

    public int getMaxLength() {
        return maxLength;
    }

    public int getMinLower() {
        return minLower;
    }

    public int getMinUpper() {
        return minUpper;
    }

    public int getMinDigit() {
        return minDigit;
    }

    public int getMinSpecial() {
        return minSpecial;
    }

    public DouaneSpecialCharacterData getSpecialChars() {
        return specialChars;
    }

    public boolean isBlocklist() {
        return blocklist;
    }

    /** The admin's extra word list, or {@code null}. */
    public String getBlocklistFile() {
        return blocklistFile;
    }

    public boolean isNotUsername() {
        return notUsername;
    }

    public boolean isNotEmail() {
        return notEmail;
    }

    public int getMaxRepeat() {
        return maxRepeat;
    }

    public int getMaxSequence() {
        return maxSequence;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DouanePasswordPolicyConfig)) {
            return false;
        }
        DouanePasswordPolicyConfig c = (DouanePasswordPolicyConfig) o;
        return hash == c.hash && minLength == c.minLength && maxLength == c.maxLength && minLower == c.minLower
                && minUpper == c.minUpper && minDigit == c.minDigit && minSpecial == c.minSpecial
                && blocklist == c.blocklist && notUsername == c.notUsername && notEmail == c.notEmail
                && maxRepeat == c.maxRepeat && maxSequence == c.maxSequence
                && specialChars.equals(c.specialChars) && Objects.equals(blocklistFile, c.blocklistFile);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The canonical config string; Keycloak's {@code PasswordPolicy} does not use it, logs and tests do. */
    @Override
    public String toString() {
        return toConfigString();
    }
}
