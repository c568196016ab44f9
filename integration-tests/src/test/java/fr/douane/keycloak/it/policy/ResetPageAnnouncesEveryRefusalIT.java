package fr.douane.keycloak.it.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import fr.douane.keycloak.policy.DouanePolicyConfigParser;
import fr.douane.keycloak.policy.DouaneRule;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A refusal never names a rule the reset page did not announce: on the real server, with the realm's password
 * policy as shipped, one password refused by each rule the policy can refuse with is submitted on the last page
 * of the procedure, and the rule box had announced that rule (the procedure's sentence for the length and the
 * four classes, the list under it for every other one). The rules to cover are read from the running realm's
 * policy through the catalogue, so a rule added to the policy without a case here fails the test.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class ResetPageAnnouncesEveryRefusalIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One policy of the realm's policy string: its id and, when it has one, its config between parentheses. */
    private static final Pattern POLICY = Pattern.compile("([A-Za-z-]+)(?:\\(([^)]*)\\))?");

    /** One password per rule, each refused by that rule alone for the account of {@link #account}. */
    private static Map<String, String> refusedPasswords(Account account) {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("minLength", "Kxq1!zw");
        cases.put("maxLength", "Kxqmzw1!" + "Pv7:".repeat(30) + "a");
        cases.put("invisible", "Kxqm\u200Bzw1!");
        cases.put("lower", "KXQMZW1!");
        cases.put("upper", "kxqmzw1!");
        cases.put("digit", "Kxqmzwq!");
        cases.put("special", "Kxqmzw12");
        // Mixed case: the policy compares without case, and upper case alone would also miss the lower-case rule.
        cases.put("notUsername", capitalized(account.username()));
        cases.put("notEmail", capitalized(account.email()));
        cases.put("blocklist", "Azerty123!");
        cases.put("passwordHistory", account.password());
        return cases;
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Account account(ResetFlowFixture fx, DouaneEnvironment env) {
        // Username and email that would pass every other rule as passwords (Keycloak stores both in lower case;
        // the policy compares without case).
        long n = System.nanoTime() % 1_000_000_000L;
        String username = "regle-nom1." + n;
        String email = "courriel.regle2." + n + "@exemple.fr";
        String password = "Ancien-Mot2passe!";
        String id = env.admin().createLocalUser(username, email, "Règle", "Annonce", password);
        return new Account(id, username, email, password);
    }

    @Test
    void everyRuleThatRefusesWasAnnouncedOnThePage(DouaneEnvironment env) throws Exception {
        ResetFlowFixture fx = new ResetFlowFixture(env);
        Account account = account(fx, env);
        Map<String, String> cases = refusedPasswords(account);
        assertThat(cases.keySet()).as("a case for each rule the realm's policy refuses with")
                .containsExactlyInAnyOrderElementsOf(refusingRules(env));

        WebSession web = new WebSession(ResetFlowFixture.address());
        Page page = web.get(fx.link(web, account));
        Set<String> announced = announced(page.document());
        assertThat(announced).as("the rule box").containsExactlyInAnyOrderElementsOf(cases.keySet());
        Map<String, String> labels = labels(page.document());

        for (Map.Entry<String, String> c : cases.entrySet()) {
            String rule = c.getKey();
            Page refused = fx.setPassword(web, page, account.username(), c.getValue(), c.getValue());
            Element error = refused.document().getElementById("password-new-error");
            assertThat(error).as(rule + ": refused\n" + refused.text()).isNotNull();
            assertThat(announced(refused.document())).as(rule + ": the refused page still announces every rule")
                    .isEqualTo(announced);
            assertThat(refused.document().getElementById("username").attr("value")).isEqualTo(account.username());
            List<String> cited = cited(error.text(), labels);
            if (rule.equals("passwordHistory")) {
                // Keycloak's own message ("... les 3 derniers mots de passe"), announced by the list's last item.
                assertThat(error.text()).as(rule).contains("3");
                assertThat(cited).as(rule).isEmpty();
            } else {
                assertThat(cited).as(rule + " (" + error.text() + ")").containsExactly(rule);
            }
            assertThat(announced).as(rule).containsAll(cited);
            page = refused;
        }
        Page done = fx.setPassword(web, page, account.username(), "Nouveau-2026!annonce", "Nouveau-2026!annonce");
        assertThat(done.text()).contains("Votre mot de passe a été modifié");
    }

    /** The rules the running realm's password policy can refuse with, by the catalogue's ids. */
    private static Set<String> refusingRules(DouaneEnvironment env) {
        String policy = env.admin().get("/admin/realms/douane").json().get("passwordPolicy").asText();
        Set<String> ids = new LinkedHashSet<>();
        for (String one : policy.split(" and ")) {
            Matcher m = POLICY.matcher(one.strip());
            assertThat(m.matches()).as(one).isTrue();
            String config = m.group(2) == null ? "" : m.group(2);
            switch (m.group(1)) {
                case "douane-passay" -> DouaneRule.of(DouanePolicyConfigParser.parse(config)).forEach(r -> ids.add(r.id()));
                case "passwordHistory" -> ids.add("passwordHistory");
                default -> throw new AssertionError("no case for the policy " + m.group(1) + " of " + policy);
            }
        }
        return ids;
    }

    /** The rules the page's rule box announces: the sentence's and the list's. */
    private static Set<String> announced(Document page) {
        Set<String> ids = new LinkedHashSet<>();
        Element sentence = page.getElementById("douane-password-rules-text");
        if (sentence != null) {
            assertThat(sentence.text()).startsWith("Il doit être composé d").contains("au moins 8 caractères");
            ids.addAll(List.of(sentence.attr("data-rules").split(" ")));
        }
        for (Element item : page.select("#douane-password-rules-list li[data-rule]")) {
            assertThat(item.text()).as(item.attr("data-rule")).isNotBlank();
            ids.add(item.attr("data-rule"));
        }
        // The box, in order: title with its check mark first, the sentence, then the list.
        Element box = page.getElementById("douane-password-rules-box");
        assertThat(box.child(0).id()).isEqualTo("douane-password-rules-title");
        assertThat(box.child(0).child(0).hasClass("fr-icon-check-line")).isTrue();
        assertThat(box.child(1).id()).isEqualTo("douane-password-rules-text");
        return ids;
    }

    /** Each rule's sentence in the page's language, as the page's script receives them. */
    private static Map<String, String> labels(Document page) throws Exception {
        JsonNode json = JSON.readTree(page.getElementById("douane-password-rules").data());
        Map<String, String> labels = new LinkedHashMap<>();
        json.get("rules").forEach(r -> labels.put(r.get("id").asText(), r.get("label").asText()));
        return labels;
    }

    /**
     * The rules whose sentence the error names. jsoup's text() turns no-break spaces into spaces, the
     * labels of the page's JSON keep them: both are compared with plain spaces.
     */
    private static List<String> cited(String error, Map<String, String> labels) {
        List<String> ids = new ArrayList<>();
        String plainError = error.replace('\u00A0', ' ');
        labels.forEach((id, label) -> {
            if (plainError.contains(label.replace('\u00A0', ' '))) {
                ids.add(id);
            }
        });
        return ids;
    }
}
