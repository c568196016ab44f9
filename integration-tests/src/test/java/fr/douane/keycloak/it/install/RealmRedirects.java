package fr.douane.keycloak.it.install;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The redirect URIs a realm file gives its clients, read the way Keycloak reads them. */
public final class RealmRedirects {

    private RealmRedirects() {
    }

    /**
     * Every redirect and post-logout redirect URI of every client, as written in the file (with
     * its placeholders), each as {@code "clientId: uri"}.
     */
    public static List<String> of(JsonNode realm) {
        List<String> uris = new ArrayList<>();
        for (JsonNode client : realm.path("clients")) {
            String id = client.path("clientId").asText();
            client.path("redirectUris").forEach(u -> uris.add(id + ": " + u.asText()));
            // Keycloak keeps post-logout URIs in one attribute, separated by "##".
            for (String u : client.path("attributes").path("post.logout.redirect.uris").asText("").split("##")) {
                // "+" stands for the client's redirect URIs, listed above.
                if (!u.isEmpty() && !u.equals("+")) {
                    uris.add(id + ": " + u);
                }
            }
        }
        return uris;
    }

    /** Those of {@link #of} that hold a wildcard. */
    public static List<String> withWildcard(JsonNode realm) {
        return of(realm).stream().filter(u -> u.contains("*")).toList();
    }
}
