package fr.douane.keycloak.portailpro;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;

/** A plain local user, standing in for Keycloak's JPA user in provider tests. */
class InMemoryUser implements UserModel {

    private final String id;
    private String username;
    private boolean enabled;
    private String firstName;
    private String lastName;
    private String email;
    private boolean emailVerified;
    private String federationLink;
    private final Map<String, List<String>> attributes = new HashMap<>();
    private final Set<String> requiredActions = new LinkedHashSet<>();

    InMemoryUser(String id, String username) {
        this.id = id;
        this.username = username.toLowerCase(Locale.ROOT);
    }

    @Override public String getId() { return id; }
    @Override public String getUsername() { return username; }
    @Override public void setUsername(String username) { this.username = username.toLowerCase(Locale.ROOT); }
    @Override public Long getCreatedTimestamp() { return 0L; }
    @Override public void setCreatedTimestamp(Long timestamp) { }
    @Override public boolean isEnabled() { return enabled; }
    @Override public void setEnabled(boolean enabled) { this.enabled = enabled; }
    @Override public void setSingleAttribute(String name, String value) { attributes.put(name, new ArrayList<>(List.of(value))); }
    @Override public void setAttribute(String name, List<String> values) { attributes.put(name, new ArrayList<>(values)); }
    @Override public void removeAttribute(String name) { attributes.remove(name); }
    @Override public String getFirstAttribute(String name) {
        List<String> v = attributes.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
    @Override public Stream<String> getAttributeStream(String name) { return attributes.getOrDefault(name, List.of()).stream(); }
    @Override public Map<String, List<String>> getAttributes() { return attributes; }
    @Override public Stream<String> getRequiredActionsStream() { return requiredActions.stream(); }
    @Override public void addRequiredAction(String action) { requiredActions.add(action); }
    @Override public void removeRequiredAction(String action) { requiredActions.remove(action); }
    @Override public String getFirstName() { return firstName; }
    @Override public void setFirstName(String firstName) { this.firstName = firstName; }
    @Override public String getLastName() { return lastName; }
    @Override public void setLastName(String lastName) { this.lastName = lastName; }
    @Override public String getEmail() { return email; }
    @Override public void setEmail(String email) { this.email = email == null ? null : email.toLowerCase(Locale.ROOT); }
    @Override public boolean isEmailVerified() { return emailVerified; }
    @Override public void setEmailVerified(boolean verified) { this.emailVerified = verified; }
    @Override public Stream<GroupModel> getGroupsStream() { return Stream.empty(); }
    @Override public void joinGroup(GroupModel group) { }
    @Override public void leaveGroup(GroupModel group) { }
    @Override public boolean isMemberOf(GroupModel group) { return false; }
    @Override public String getFederationLink() { return federationLink; }
    @Override public void setFederationLink(String link) { this.federationLink = link; }
    @Override public String getServiceAccountClientLink() { return null; }
    @Override public void setServiceAccountClientLink(String clientInternalId) { }
    @Override public SubjectCredentialManager credentialManager() { return null; }
    @Override public Stream<RoleModel> getRealmRoleMappingsStream() { return Stream.empty(); }
    @Override public Stream<RoleModel> getClientRoleMappingsStream(ClientModel app) { return Stream.empty(); }
    @Override public boolean hasRole(RoleModel role) { return false; }
    @Override public void grantRole(RoleModel role) { }
    @Override public Stream<RoleModel> getRoleMappingsStream() { return Stream.empty(); }
    @Override public void deleteRoleMapping(RoleModel role) { }
}
