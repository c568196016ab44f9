package fr.douane.keycloak.it.resetflow;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Answer;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reset link carries its single-use token in its URL, and so do the pages it leads to. A
 * browser would send that URL as the Referer of every request those pages cause: a click on the
 * help or footer links (other sites), or anything loaded from elsewhere. Every response the link
 * leads to must therefore say {@code Referrer-Policy: no-referrer}, redirects included.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class ResetLinkReferrerPolicyIT {

    @Test
    void everyResponseOfThePagesTheResetLinkOpensSaysNoReferrer(DouaneEnvironment env) {
        ResetFlowFixture fx = new ResetFlowFixture(env);
        Account account = fx.localAccount("referrer");
        String link = fx.link(new WebSession(address()), account);
        WebSession web = new WebSession(address());
        List<Answer> answers = new ArrayList<>();

        Page form = web.get(link);
        assertThat(form.status()).isEqualTo(200);
        form.form("douane-reset-password-form");
        assertThat(form.answers().get(0).uri().toString()).as("the link itself answers first").isEqualTo(link);
        answers.addAll(form.answers());

        Page refused = fx.setPassword(web, form, account.username(), "abcdef1_", "abcdef1_");
        assertThat(refused.status()).isEqualTo(200);
        refused.form("douane-reset-password-form");
        answers.addAll(refused.answers());

        Page done = fx.setPassword(web, refused, account.username(), "Nouveau-2026!ref", "Nouveau-2026!ref");
        assertThat(fx.passwordWorks(account.username(), "Nouveau-2026!ref")).isTrue();
        answers.addAll(done.answers());

        for (WebSession visitor : List.of(web, new WebSession(address()))) {
            Page used = visitor.get(link);
            assertThat(used.status()).as("a used link").isEqualTo(400);
            assertThat(used.document().getElementById("douane-reset-password-form")).isNull();
            answers.addAll(used.answers());
        }

        answers.forEach(a -> System.out.println("[referrer] " + a.status() + " " + a.uri().getPath() + " Referrer-Policy: "
                + a.headers().allValues("Referrer-Policy")));
        assertThat(answers).as("the link, a refused and a successful submission, a used link twice")
                .hasSizeGreaterThanOrEqualTo(5);
        for (Answer a : answers) {
            assertThat(a.headers().allValues("Referrer-Policy")).as(a.status() + " " + a.uri()).containsExactly("no-referrer");
        }
    }
}
