package fr.douane.keycloak.it.policy;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Map;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The characters of a password on the real server: what is checked is what Keycloak hashes (the string as
 * sent, never normalized), on the reset page and through the admin REST API.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class PasswordCharactersIT {

    private static final String INVISIBLE_FR = "ne contenir aucun caractère invisible";
    private static final String INVISIBLE_EN = "no invisible character";
    /** What a browser sends when it follows a link or submits a form. */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private DouaneEnvironment env;
    private ResetFlowFixture fx;

    @BeforeEach
    void fixture(DouaneEnvironment env) {
        this.env = env;
        fx = new ResetFlowFixture(env);
    }

    /**
     * Keycloak hashes the UTF-8 bytes of the password as received: {@code é} precomposed (NFC, U+00E9) and
     * {@code e} + combining acute (NFD) are different passwords at login. Set through the reset page in NFC
     * (what keyboards and browsers send), the NFD form is refused; set in NFD, the NFC form is refused.
     */
    @Test
    void nfcAndNfdAreDifferentPasswordsAtLogin() {
        String nfc = "Cl\u00E9-Douane-2026!";
        String nfd = Normalizer.normalize(nfc, Normalizer.Form.NFD);
        assertThat(nfd).isNotEqualTo(nfc).hasSize(nfc.length() + 1);

        Account account = fx.localAccount("nfc");
        WebSession web = new WebSession(address());
        Page done = fx.setPassword(web, web.get(fx.link(web, account)), account.username(), nfc, nfc);
        assertThat(done.text()).contains("Votre mot de passe a été modifié");
        assertThat(fx.passwordWorks(account.username(), nfc)).as("NFC, as set").isTrue();
        assertThat(fx.passwordWorks(account.username(), nfd)).as("NFD of the same text").isFalse();

        Account other = fx.localAccount("nfd");
        assertThat(resetByAdmin(other, nfd).status()).isEqualTo(204);
        assertThat(fx.passwordWorks(other.username(), nfd)).as("NFD, as set").isTrue();
        assertThat(fx.passwordWorks(other.username(), nfc)).as("NFC of the same text").isFalse();
    }

    /** U+FDFA is one character (NFKC would make eighteen of it): {@code Aa1!} + U+FDFA is too short. */
    @Test
    void aCompatibilityCharacterCountsOnce() {
        Account account = fx.localAccount("fdfa");
        AdminApi.Response r = resetByAdmin(account, "Aa1!\uFDFA");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("The password does not meet the following rules: at least 8 characters.");
        assertThat(fx.passwordWorks(account.username(), account.password())).isTrue();
    }

    /**
     * Up to Keycloak's form limit (128 KiB per field, {@code quarkus.http.limits.max-form-attribute-size}) a long
     * password reaches the policy, which refuses it for its length without reading it. Past the limit the server
     * answers 413 before any flow runs: the theme's error page says so in the visitor's language, nothing
     * changed, and the form of the page before can be submitted again.
     */
    @Test
    void aMegabytePasswordOnTheResetPageIsALocalizedErrorAndChangesNothing() {
        Account account = fx.localAccount("mega-page");
        WebSession web = new WebSession(address()).accept(BROWSER_ACCEPT);
        Page form = web.get(fx.link(web, account));

        String long60k = "Aa1!" + "x".repeat(60_000);
        Page refused = fx.setPassword(web, form, account.username(), long60k, long60k);
        assertThat(refused.status()).as(excerpt(refused)).isEqualTo(200);
        assertThat(errors(refused)).contains("au plus 128 caractères").doesNotContain("au moins");
        assertThat(refused.body()).doesNotContain("x".repeat(200));

        String megabyte = "Aa1!" + "x".repeat(1 << 20);
        long start = System.nanoTime();
        Page tooLarge = fx.setPassword(web, refused, account.username(), megabyte, megabyte);
        System.out.println("[mega-page] status " + tooLarge.status() + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(tooLarge.status()).as(excerpt(tooLarge)).isEqualTo(413);
        assertThat(tooLarge.document().getElementById("douane-error-text").text()).isEqualTo("Les données envoyées sont trop "
                + "volumineuses (un mot de passe de plusieurs milliers de caractères, par exemple) : rien n’a été modifié. "
                + "Revenez à la page précédente et saisissez une valeur plus courte.");
        assertThat(tooLarge.body()).doesNotContain("x".repeat(200));
        assertThat(fx.passwordWorks(account.username(), account.password())).as("old password").isTrue();

        Page done = fx.setPassword(web, refused, account.username(), "Nouveau-2026!mega", "Nouveau-2026!mega");
        assertThat(done.text()).as("the page before, submitted again").contains("Votre mot de passe a été modifié");
        assertThat(fx.passwordWorks(account.username(), "Nouveau-2026!mega")).isTrue();

        Account english = fx.localAccount("mega-page-en");
        WebSession en = fx.visitor(address(), "en").accept(BROWSER_ACCEPT);
        Page tooLargeEn = fx.setPassword(en, en.get(fx.link(en, english)), english.username(), megabyte, megabyte);
        assertThat(tooLargeEn.status()).isEqualTo(413);
        assertThat(tooLargeEn.document().getElementById("douane-error-text").text()).startsWith("The data sent is too large");
        assertThat(fx.passwordWorks(english.username(), english.password())).isTrue();
    }

    @Test
    void aMegabytePasswordThroughTheAdminApiIsA400AndChangesNothing() {
        Account account = fx.localAccount("mega-admin");
        long start = System.nanoTime();
        AdminApi.Response r = resetByAdmin(account, "Aa1!" + "x".repeat(1 << 20));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[mega-admin] status " + r.status() + " in " + millis + " ms: "
                + r.body().substring(0, Math.min(300, r.body().length())));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("The password does not meet the following rules: at most 128 characters.");
        assertThat(fx.passwordWorks(account.username(), account.password())).isTrue();
    }

    /** µ is a lower-case letter as typed (the micro sign, Ll): it is the one lower-case letter here. */
    @Test
    void microSignIsALowerCaseLetterOnTheResetPage() {
        Account account = fx.localAccount("micro");
        WebSession web = new WebSession(address());
        String password = "BUREAU-2026-\u00B5";
        Page done = fx.setPassword(web, web.get(fx.link(web, account)), account.username(), password, password);
        assertThat(done.text()).as(excerpt(done)).contains("Votre mot de passe a été modifié");
        assertThat(fx.passwordWorks(account.username(), password)).isTrue();
        assertThat(fx.passwordWorks(account.username(), "BUREAU-2026-\u03BC")).as("Greek mu, its NFKC form").isFalse();
    }

    @Test
    void invisibleCharactersAreRefusedOnTheResetPageInFrenchAndInEnglish() {
        Account account = fx.localAccount("invisible");
        WebSession web = new WebSession(address());
        Page page = web.get(fx.link(web, account));

        page = fx.setPassword(web, page, account.username(), "Nouveau\u00AD-2026!", "Nouveau\u00AD-2026!");
        assertThat(errors(page)).as("soft hyphen").contains(INVISIBLE_FR).doesNotContain("au moins 8 caractères");
        for (String zw : new String[] {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"}) {
            String padded = "Aa1!" + zw.repeat(4);
            page = fx.setPassword(web, page, account.username(), padded, padded);
            assertThat(page.status()).isEqualTo(200);
            assertThat(errors(page)).as("U+%04X", (int) zw.charAt(0)).contains("au moins 8 caractères", INVISIBLE_FR);
            String inside = "Nouveau-" + zw + "2026!";
            page = fx.setPassword(web, page, account.username(), inside, inside);
            assertThat(errors(page)).as("U+%04X inside", (int) zw.charAt(0)).contains(INVISIBLE_FR)
                    .doesNotContain("au moins 8 caractères");
        }
        assertThat(fx.passwordWorks(account.username(), account.password())).isTrue();

        Account english = fx.localAccount("invisible-en");
        WebSession en = fx.visitor(address(), "en");
        Page refused = fx.setPassword(en, en.get(fx.link(en, english)), english.username(), "Aa1!\u200B\u200B\u200B\u200B",
                "Aa1!\u200B\u200B\u200B\u200B");
        assertThat(errors(refused)).contains("at least 8 characters", INVISIBLE_EN);
        assertThat(fx.passwordWorks(english.username(), english.password())).isTrue();
    }

    private AdminApi.Response resetByAdmin(Account account, String password) {
        return env.admin().put("/admin/realms/douane/users/" + account.id() + "/reset-password",
                Map.of("type", "password", "value", password, "temporary", false));
    }

    private static String errors(Page page) {
        return page.document().select("#password-new-error, .fr-message--error, .fr-alert--error").text();
    }

    private static String excerpt(Page page) {
        String body = page.body();
        return page.status() + " " + page.uri() + "\n" + body.substring(0, Math.min(2000, body.length()));
    }
}
