package fr.douane.keycloak.it.resetflow;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Why production sets {@code --hostname}: the shared test server runs {@code start-dev} without
 * it, and there Keycloak builds its URLs from the request, so a forged {@code Host} header ends up
 * in the link mailed to the account's owner. {@code TwoNodeClusterIT} sends the same forged
 * headers to nodes started with {@code --hostname}, where the link keeps the public host.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class ForgedHostHeaderIT {

    private static final String FORGED_HOST = "evil.example";

    @Test
    void withoutAConfiguredHostnameTheMailedLinkFollowsAForgedHostHeader(DouaneEnvironment env) {
        ResetFlowFixture fx = new ResetFlowFixture(env);
        Account account = fx.localAccount("forged-host-dev");
        String server = env.keycloak().baseUrl();
        // The forged host's URLs are served by the test server, as an attacker's proxy would.
        WebSession visitor = WebSession.forging(address(), Map.of("Host", FORGED_HOST))
                .routeTo(uri -> FORGED_HOST.equals(uri.getHost())
                        ? URI.create(uri.toString().replaceFirst("^http://[^/]+", server)) : uri);

        String link = fx.link(visitor, account);

        assertThat(link).startsWith("http://" + FORGED_HOST + "/realms/douane/login-actions/action-token?");
    }
}
