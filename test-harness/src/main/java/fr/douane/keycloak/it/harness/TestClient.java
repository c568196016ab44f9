package fr.douane.keycloak.it.harness;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import fr.douane.keycloak.it.harness.WebSession.Page;

/**
 * The public client of realm douane that tests and benchmarks sign in through: the standard flow
 * (login page, forgot-password link), direct grants (to check which password works) and offline
 * access. Created on first use; the shipped realm does not have it.
 */
public final class TestClient {

    public static final String ID = "douane-it";
    public static final String REDIRECT = "http://localhost/callback";

    private TestClient() {
    }

    /** Creates the client in realm douane unless it is there already. */
    public static void ensure(AdminApi admin) {
        if (admin.get("/admin/realms/douane/clients?clientId=" + ID).json().size() == 0) {
            admin.post("/admin/realms/douane/clients", Map.of(
                    "clientId", ID, "publicClient", true, "standardFlowEnabled", true,
                    "directAccessGrantsEnabled", true, "redirectUris", List.of("http://localhost/*"),
                    "optionalClientScopes", List.of("offline_access"))).expect(201);
        }
    }

    /** The authorization request that shows the login page of {@code realmUrl}. */
    public static String authUrl(String realmUrl) {
        return realmUrl + "/protocol/openid-connect/auth?client_id=" + ID
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + "&response_type=code&scope=openid";
    }

    /** What a visitor does to reach the forgot-password form: the login page, then its link. */
    public static Page forgotPage(WebSession web, String realmUrl) {
        Page login = web.get(authUrl(realmUrl));
        if (login.status() != 200) {
            throw new IllegalStateException("login page: " + login.status() + " " + login.body());
        }
        Page forgot = web.get(login.document().getElementById("douane-forgot-password").absUrl("href"));
        if (forgot.status() != 200) {
            throw new IllegalStateException("forgot-password page: " + forgot.status());
        }
        forgot.form("douane-reset-request-form");
        return forgot;
    }
}
