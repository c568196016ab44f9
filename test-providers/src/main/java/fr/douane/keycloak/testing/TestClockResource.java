package fr.douane.keycloak.testing;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;

/**
 * Moves Keycloak's clock ({@link Time#setOffset}, what Keycloak's own test suite uses): every
 * expiry Keycloak and the pack compute from {@code Time.currentTime()} (token {@code exp}, link
 * lifespans) sees the offset; cache entries keep their wall-clock lifespans. Answers only on
 * loopback, and its jar is only ever installed by the integration-test harness.
 */
public final class TestClockResource {

    private final KeycloakSession session;

    TestClockResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("offset")
    @Produces(MediaType.TEXT_PLAIN)
    public String offset() {
        loopbackOnly();
        return Integer.toString(Time.getOffset());
    }

    @PUT
    @Path("offset/{seconds}")
    @Produces(MediaType.TEXT_PLAIN)
    public String setOffset(@PathParam("seconds") int seconds) {
        loopbackOnly();
        Time.setOffset(seconds);
        return Integer.toString(Time.getOffset());
    }

    private void loopbackOnly() {
        String remote = session.getContext().getConnection().getRemoteAddr();
        if (remote == null || !(remote.startsWith("127.") || "0:0:0:0:0:0:0:1".equals(remote) || "::1".equals(remote))) {
            throw new ForbiddenException();
        }
    }
}
