package fr.douane.keycloak.portailpro;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.keycloak.models.UserModel;
import org.keycloak.models.utils.UserModelDelegate;
import org.keycloak.storage.ReadOnlyException;

/**
 * The view of an imported Portailpro user that Keycloak gets from the provider.
 *
 * <p>READ_ONLY: the attributes that come from Portailpro (username, email, first and last name,
 * SIRET, the federation keys) cannot be changed in Keycloak; writing the value they already have
 * is accepted, because the admin console and the user profile re-submit unchanged values.
 * Everything else stays writable on purpose, unlike Keycloak's ReadOnlyUserModelDelegate: the
 * douane password (stored by Keycloak), required actions set by the reset flow, roles and groups.
 *
 * <p>Both modes: a SUSPENDED account is reported disabled without touching the stored flag, so that
 * it comes back by itself when Portailpro re-activates it and an admin's own "disabled" is kept.
 */
final class PortailproUserModel extends UserModelDelegate {

    static final String ATTR_PORTAILPRO_ID = "portailproId";
    static final String ATTR_STATUS = "portailproStatus";
    static final String ATTR_SIRET = PortailproSearch.ATTR_SIRET;

    private static final Set<String> GUARDED = Set.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME,
            UserModel.LAST_NAME, ATTR_SIRET, ATTR_PORTAILPRO_ID, ATTR_STATUS);
    /** Federation keys are never writable, whatever the edit mode. */
    private static final Set<String> KEYS = Set.of(ATTR_PORTAILPRO_ID, ATTR_STATUS);

    private final boolean readOnly;
    private final boolean suspended;

    PortailproUserModel(UserModel delegate, boolean readOnly, boolean suspended) {
        super(delegate);
        this.readOnly = readOnly;
        this.suspended = suspended;
    }

    boolean isSuspended() {
        return suspended;
    }

    @Override
    public boolean isEnabled() {
        return !suspended && super.isEnabled();
    }

    @Override
    public void setUsername(String username) {
        guard(UserModel.USERNAME, getUsername(), username == null ? null : username.toLowerCase(java.util.Locale.ROOT));
        super.setUsername(username);
    }

    @Override
    public void setEmail(String email) {
        guard(UserModel.EMAIL, getEmail(), email == null ? null : email.toLowerCase(java.util.Locale.ROOT));
        super.setEmail(email);
    }

    @Override
    public void setFirstName(String firstName) {
        guard(UserModel.FIRST_NAME, getFirstName(), firstName);
        super.setFirstName(firstName);
    }

    @Override
    public void setLastName(String lastName) {
        guard(UserModel.LAST_NAME, getLastName(), lastName);
        super.setLastName(lastName);
    }

    @Override
    public void setSingleAttribute(String name, String value) {
        guardAttribute(name, value);
        super.setSingleAttribute(name, value);
    }

    @Override
    public void setAttribute(String name, List<String> values) {
        guardAttribute(name, values == null || values.isEmpty() ? null : values.get(0));
        super.setAttribute(name, values);
    }

    @Override
    public void removeAttribute(String name) {
        guardAttribute(name, null);
        super.removeAttribute(name);
    }

    @Override
    public void setFederationLink(String link) {
        if (!Objects.equals(link, getFederationLink())) {
            throw new ReadOnlyException("The federation link of a Portailpro user cannot be changed");
        }
    }

    private void guardAttribute(String name, String value) {
        if (name == null || !GUARDED.contains(name)) {
            return;
        }
        String current;
        switch (name) {
            case UserModel.USERNAME -> {
                current = getUsername();
                value = value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
            }
            case UserModel.EMAIL -> {
                current = getEmail();
                value = value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
            }
            case UserModel.FIRST_NAME -> current = getFirstName();
            case UserModel.LAST_NAME -> current = getLastName();
            default -> current = getFirstAttribute(name);
        }
        if (KEYS.contains(name) && !Objects.equals(blankToNull(current), blankToNull(value))) {
            throw new ReadOnlyException("Attribute '" + name + "' of a Portailpro user is managed by the provider");
        }
        guard(name, current, value);
    }

    private void guard(String what, String current, String value) {
        if (readOnly && !Objects.equals(blankToNull(current), blankToNull(value))) {
            throw new ReadOnlyException("The user is read-only (Portailpro). Not possible to write '" + what
                    + "' when updating user '" + getUsername() + "'.");
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isEmpty() ? null : v;
    }
}
