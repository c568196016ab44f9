package fr.douane.keycloak.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.keycloak.policy.PolicyError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time per validation of a realistic password mix ({@link PolicyFixture#PASSWORDS}) through Keycloak's
 * password-policy manager, douane-passay versus the stock chain; and one PBKDF2-SHA512 hash with Keycloak's
 * default parameters, the cost every accepted password pays next.
 *
 * <p>Each policy benchmark validates the whole mix per invocation; {@link OperationsPerInvocation} makes
 * the score the mean time of one validation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBenchmark {

    /** Keycloak 26's default password hashing: pbkdf2-sha512, 210 000 iterations, 512-bit key, 16-byte salt. */
    static final int PBKDF2_ITERATIONS = 210_000;
    static final int PBKDF2_KEY_BITS = 512;

    private PolicyFixture douane;
    /** The French login-theme messages a page formats the error with (merged once, as one page render does). */
    private Properties pageMessages;
    private PolicyFixture stock;
    private PolicyFixture stockFull;
    private String[] passwords;
    private SecretKeyFactory pbkdf2;
    private final SecureRandom random = new SecureRandom();

    @Setup
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("douane-policy-bench");
        PolicyFixture.WordList.write(dir);
        PolicyFixture.Factories factories = new PolicyFixture.Factories(dir);
        PolicyFixture.ThemeMessages messages = new PolicyFixture.ThemeMessages();
        douane = PolicyFixture.of(PolicyFixture.DOUANE_POLICY, factories, messages);
        pageMessages = messages.enhanced(Locale.FRENCH);
        stock = PolicyFixture.of(PolicyFixture.STOCK_POLICY, factories, messages);
        stockFull = PolicyFixture.of(PolicyFixture.STOCK_FULL_POLICY, factories, messages);
        passwords = PolicyFixture.PASSWORDS.clone();
        pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
    }

    /**
     * douane-passay, as Keycloak calls it: every unmet rule, returned as one key with numeric arguments (the
     * page or the admin API formats it in its own language, as it does for the stock policies' key).
     */
    @Benchmark
    @OperationsPerInvocation(PolicyFixture.MIX)
    public void douanePassay(Blackhole bh) {
        for (String p : passwords) {
            PolicyError e = douane.manager.validate(douane.realm, douane.user, p);
            bh.consume(e);
        }
    }

    /**
     * Validation, then the text the page shows: {@code new MessageFormat(messages[key], locale).format(args)},
     * what {@code FreeMarkerLoginFormsProvider.formatMessage} does with the error. douane: the whole list.
     */
    @Benchmark
    @OperationsPerInvocation(PolicyFixture.MIX)
    public void douanePassayAsShown(Blackhole bh) {
        for (String p : passwords) {
            bh.consume(asShown(douane.manager.validate(douane.realm, douane.user, p)));
        }
    }

    /** The same for the stock chain: the first unmet policy's sentence. */
    @Benchmark
    @OperationsPerInvocation(PolicyFixture.MIX)
    public void stockChainAsShown(Blackhole bh) {
        for (String p : passwords) {
            bh.consume(asShown(stock.manager.validate(stock.realm, stock.user, p)));
        }
    }

    private String asShown(PolicyError e) {
        if (e == null) {
            return null;
        }
        String pattern = pageMessages.getProperty(e.getMessage());
        return pattern == null ? e.getMessage() : new MessageFormat(pattern, Locale.FRENCH).format(e.getParameters());
    }

    /** douane-passay's rule evaluation alone (every unmet rule as keys + parameters, no translation). */
    @Benchmark
    @OperationsPerInvocation(PolicyFixture.MIX)
    public void douanePassayRulesOnly(Blackhole bh) {
        for (String p : passwords) {
            bh.consume(douane.douane().check(douane.realm, douane.user, p));
        }
    }

    /** length(8) + lowerCase + upperCase + digits + specialChars + passwordBlacklist: stops at the first failure. */
    @Benchmark
    @OperationsPerInvocation(PolicyFixture.MIX)
    public void stockChain(Blackhole bh) {
        for (String p : passwords) {
            bh.consume(stock.manager.validate(stock.realm, stock.user, p));
        }
    }

    /** The stock chain plus maxLength(128), notUsername, notEmail (everything douane-passay checks by default). */
    @Benchmark
    @OperationsPerInvocation(PolicyFixture.MIX)
    public void stockChainFull(Blackhole bh) {
        for (String p : passwords) {
            bh.consume(stockFull.manager.validate(stockFull.realm, stockFull.user, p));
        }
    }

    /**
     * One call through a stand-in ({@code realm.getPasswordPolicy()}): the plumbing cost billed to each side.
     * The stock chain makes about 18 such calls per validation (the manager asks the session for each provider,
     * each provider asks the context for the realm and the realm for its policy), douane-passay about 5.
     */
    @Benchmark
    public Object stubCall() {
        return stock.realm.getPasswordPolicy();
    }

    /** One password hash with Keycloak's default algorithm and parameters. */
    @Benchmark
    public byte[] pbkdf2Sha512Hash() throws Exception {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec(passwords[0].toCharArray(), salt, PBKDF2_ITERATIONS, PBKDF2_KEY_BITS);
        return pbkdf2.generateSecret(spec).getEncoded();
    }
}
