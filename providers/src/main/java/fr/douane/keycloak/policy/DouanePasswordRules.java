package fr.douane.keycloak.policy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;


import org.passay.PasswordData;
import org.passay.RuleResult;
import org.passay.RuleResultDetail;
import org.passay.data.EnglishSequenceData;
import org.passay.dictionary.Dictionary;
import org.passay.rule.IllegalSequenceRule;
import org.passay.rule.RepeatCharactersRule;
import org.passay.rule.Rule;

/**
 * One config compiled into Passay rules: immutable, thread-safe, built once per distinct config by the
 * factory and shared by every request.
 *
 * <p>The rules see the password exactly as typed, which is what Keycloak hashes and stores: length in code
 * points, each code point classified by what it is. Normalization (NFKC) serves only the matching rules (the
 * common-password list, the username, the email), where it can only refuse more: folding a password before
 * counting would let {@code Aa1!} followed by U+FDFA (one code point that NFKC expands to eighteen characters)
 * pass for long, and a full-width {@code １} pass for the digit {@code 1} although the hash is of the
 * full-width one.
 *
 * <p>Every rule is evaluated and every failure collected. The length, the invisible characters and the
 * character classes ({@link CharacterClasses}) are counted in one pass over the code points; repeats and
 * sequences are Passay's ({@link RepeatCharactersRule}, {@link IllegalSequenceRule}). These are called one by
 * one rather than through Passay's {@code DefaultPasswordValidator}, whose result aggregation (metadata merge,
 * message streams, entropy) cost as much as the rules themselves and gives nothing here: only the error codes
 * are read, each mapped to its {@link DouaneRule}. The common-password lists are a Passay {@link Dictionary}
 * ({@link DouaneBlocklist}) searched with the normalized text.
 */
public final class DouanePasswordRules {

    private static final DouaneRule[] RULES = DouaneRule.values();

    private final DouanePolicyConfig config;
    private final CharacterClasses classes;
    /** The fewest of each {@link CharacterClasses} class. */
    private final int[] minimums;
    /** Passay's rules the config asks for (repeats, sequences); none for the douane rule. */
    private final Rule[] rules;
    private final Dictionary blocklist;
    /** Each rule's sentence under this config: they only depend on the config, so they are built once. */
    private final RuleSentence[] sentences = new RuleSentence[RULES.length];
    /** The unmet rules per combination (index = one bit per {@link DouaneRule}), filled on first use. */
    private final AtomicReferenceArray<List<RuleSentence>> combinations = new AtomicReferenceArray<>(1 << RULES.length);

    DouanePasswordRules(DouanePolicyConfig config, Dictionary blocklist) {
        this.config = config;
        this.classes = new CharacterClasses(config.specialChars());
        this.minimums = new int[] {config.minLower(), config.minUpper(), config.minDigit(), config.minSpecial()};
        List<Rule> rules = new ArrayList<>();
        if (config.maxRepeat() > 0) {
            // Passay's sequenceLength is the shortest illegal run.
            rules.add(new RepeatCharactersRule(config.maxRepeat() + 1, 1));
        }
        if (config.maxSequence() > 0) {
            int illegal = config.maxSequence() + 1;
            rules.add(new IllegalSequenceRule(EnglishSequenceData.Alphabetical, illegal, false, false));
            rules.add(new IllegalSequenceRule(EnglishSequenceData.Numerical, illegal, false, false));
            rules.add(new IllegalSequenceRule(EnglishSequenceData.USQwerty, illegal, false, false));
            rules.add(new IllegalSequenceRule(AzertySequenceData.AZERTY, illegal, false, false));
        }
        // The blocklist is a Passay Dictionary, searched directly with the normalized text: Passay's DictionaryRule
        // would first rebuild that text from the password's code points (a copy and a string per validation).
        this.blocklist = config.blocklist() ? blocklist : null;
        this.rules = rules.toArray(new Rule[0]);
        for (DouaneRule rule : RULES) {
            sentences[rule.ordinal()] = new RuleSentence(rule, config);
        }
    }

    public DouanePolicyConfig getConfig() {
        return config;
    }

    /**
     * The password as the matching rules (blocklist, username, email) see it: NFKC, nothing trimmed or
     * truncated. Never used for the length or the character classes.
     */
    public static String normalize(String password) {
        if (password == null) {
            return "";
        }
        // ASCII is its own NFKC form: most passwords skip the normalizer.
        return isAscii(password) ? password : Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every unmet rule, in display order; empty when the password is acceptable. The list only depends on
     * which rules are unmet: it is built once per combination and shared (unmodifiable).
     *
     * @param password as typed, as it will be hashed
     * @param username the account's username, or {@code null}
     * @param email the account's email, or {@code null}
     */
    public List<RuleSentence> check(String password, String username, String email) {
        int unmet = unmet(password, username, email);
        if (unmet == 0) {
            return List.of();
        }
        List<RuleSentence> list = combinations.get(unmet);
        if (list == null) {
            List<RuleSentence> built = new ArrayList<>(Integer.bitCount(unmet));
            for (DouaneRule rule : RULES) {
                if ((unmet & 1 << rule.ordinal()) != 0) {
                    built.add(sentences[rule.ordinal()]);
                }
            }
            list = List.copyOf(built);
            combinations.set(unmet, list);
        }
        return list;
    }

    /** Each rule this config checks, with its sentence, in display order. */
    public List<RuleSentence> describe() {
        List<RuleSentence> out = new ArrayList<>();
        for (DouaneRule rule : DouaneRule.of(config)) {
            out.add(sentences[rule.ordinal()]);
        }
        return out;
    }

    /** One bit per unmet {@link DouaneRule}. */
    private int unmet(String password, String username, String email) {
        String typed = password == null ? "" : password;
        // A code point takes at most two UTF-16 units: past twice the maximum, the password is too long
        // whatever it holds, and nothing else is looked at. A pasted megabyte costs no normalization, no
        // copy into Passay's code point array, no lookup.
        if (typed.length() > 2 * config.maxLength()) {
            return bit(DouaneRule.MAX_LENGTH);
        }
        int failed = 0;
        int codePoints = 0;
        int invisible = 0;
        int lower = 0;
        int upper = 0;
        int digit = 0;
        int special = 0;
        for (int i = 0; i < typed.length(); ) {
            int cp = typed.codePointAt(i);
            i += Character.charCount(cp);
            codePoints++;
            switch (classes.of(cp)) {
                case CharacterClasses.LOWER: lower++; break;
                case CharacterClasses.UPPER: upper++; break;
                case CharacterClasses.DIGIT: digit++; break;
                case CharacterClasses.SPECIAL: special++; break;
                default:
                    if (CharacterClasses.isInvisible(cp)) {
                        invisible++;
                    }
            }
        }
        // The minimum counts what the person sees; the maximum bounds what is stored.
        if (codePoints - invisible < config.minLength()) {
            failed |= bit(DouaneRule.MIN_LENGTH);
        }
        if (codePoints > config.maxLength()) {
            failed |= bit(DouaneRule.MAX_LENGTH);
        }
        if (invisible > 0) {
            failed |= bit(DouaneRule.INVISIBLE);
        }
        if (lower < minimums[CharacterClasses.LOWER]) {
            failed |= bit(DouaneRule.LOWER);
        }
        if (upper < minimums[CharacterClasses.UPPER]) {
            failed |= bit(DouaneRule.UPPER);
        }
        if (digit < minimums[CharacterClasses.DIGIT]) {
            failed |= bit(DouaneRule.DIGIT);
        }
        if (special < minimums[CharacterClasses.SPECIAL]) {
            failed |= bit(DouaneRule.SPECIAL);
        }
        PasswordData data = rules.length == 0 ? null : new PasswordData(typed);
        for (Rule rule : rules) {
            RuleResult result = rule.validate(data);
            if (!result.isValid()) {
                for (RuleResultDetail detail : result.getDetails()) {
                    failed |= bit(ruleOf(detail.getErrorCode()));
                }
            }
        }
        String normalized = normalize(typed);
        if (blocklist != null && blocklist.search(normalized)) {
            failed |= bit(DouaneRule.BLOCKLIST);
        }
        boolean sameAsUsername = config.notUsername() && sameText(normalized, username);
        if (sameAsUsername) {
            failed |= bit(DouaneRule.NOT_USERNAME);
        }
        // With "email as username" both would fire for the same string: report it once.
        if (config.notEmail() && sameText(normalized, email) && !(sameAsUsername && sameText(normalize(email), username))) {
            failed |= bit(DouaneRule.NOT_EMAIL);
        }
        return failed;
    }

    private static int bit(DouaneRule rule) {
        return 1 << rule.ordinal();
    }

    /**
     * Same text ignoring case, both sides NFKC; {@code other} (a username, an email) is also stripped. Folding
     * here only widens what is refused: a full-width copy of the username is still the username.
     */
    private static boolean sameText(String normalizedPassword, String other) {
        if (other == null || other.isBlank()) {
            return false;
        }
        String o = normalize(other.strip());
        if (isAscii(o) && isAscii(normalizedPassword)) {
            // Exact for ASCII, without lower-casing copies: the common case, on every validation.
            return normalizedPassword.equalsIgnoreCase(o);
        }
        return normalizedPassword.toLowerCase(Locale.ROOT).equals(o.toLowerCase(Locale.ROOT));
    }

    private static DouaneRule ruleOf(String errorCode) {
        // IllegalSequenceRule reports the sequence data's code (alphabetical, numerical, QWERTY, AZERTY).
        return RepeatCharactersRule.ERROR_CODE.equals(errorCode) ? DouaneRule.REPEAT : DouaneRule.SEQUENCE;
    }
}
