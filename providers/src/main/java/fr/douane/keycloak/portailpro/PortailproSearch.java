package fr.douane.keycloak.portailpro;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.keycloak.models.UserModel;

/**
 * An admin-console search translated into SQL fragments with parameters, with Keycloak's local
 * search semantics: case-insensitive, prefix match by default, {@code *} as a wildcard, a value in
 * double quotes matched exactly; {@code exact=true} makes the field filters exact.
 * User input only ever travels as a bind parameter.
 */
final class PortailproSearch {

    static final String ATTR_SIRET = "siret";

    private final List<String> clauses = new ArrayList<>();
    private final List<String> params = new ArrayList<>();
    private boolean matchesNothing;

    private PortailproSearch() {
    }

    static PortailproSearch of(Map<String, String> criteria) {
        PortailproSearch s = new PortailproSearch();
        boolean exact = Boolean.parseBoolean(criteria.getOrDefault(UserModel.EXACT, "false"));
        for (Map.Entry<String, String> e : criteria.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key == null || value == null) {
                continue;
            }
            switch (key) {
                case UserModel.SEARCH -> {
                    for (String term : value.trim().split("\\s+")) {
                        if (term.isEmpty() || "*".equals(term)) {
                            continue;
                        }
                        s.anyOf(term, "identifiant", "email", "first_name", "last_name");
                    }
                }
                case UserModel.USERNAME -> s.field("identifiant", value, exact);
                case UserModel.EMAIL -> s.field("email", value, exact);
                case UserModel.FIRST_NAME -> s.field("first_name", value, exact);
                case UserModel.LAST_NAME -> s.field("last_name", value, exact);
                case ATTR_SIRET -> {
                    s.clauses.add("siret = ?");
                    s.params.add(value.replace(" ", ""));
                }
                // Flags and paging hints that do not filter directory rows.
                case UserModel.EXACT, UserModel.INCLUDE_SERVICE_ACCOUNT, UserModel.ENABLED -> {
                    if (UserModel.ENABLED.equals(key) && !Boolean.parseBoolean(value)) {
                        s.matchesNothing = true; // every directory row we return is enabled
                    }
                }
                // Any other attribute or filter (idp alias, email verified, ...) cannot match a
                // directory row; imported users are still found by Keycloak's local search.
                default -> s.matchesNothing = true;
            }
        }
        return s;
    }

    boolean matchesNothing() {
        return matchesNothing;
    }

    /** " AND (...) AND (...)" to append after a WHERE clause, or "". */
    String sql() {
        StringBuilder b = new StringBuilder();
        for (String c : clauses) {
            b.append(" AND (").append(c).append(')');
        }
        return b.toString();
    }

    List<String> params() {
        return params;
    }

    private void field(String column, String value, boolean exact) {
        if (exact) {
            clauses.add(ci(column) + " = lower(?)");
            params.add(value);
        } else {
            anyOf(value, column);
        }
    }

    private void anyOf(String term, String... columns) {
        String pattern;
        String op;
        if (term.length() >= 2 && term.startsWith("\"") && term.endsWith("\"")) {
            op = " = lower(?)";
            pattern = term.substring(1, term.length() - 1);
        } else {
            op = " LIKE lower(?) ESCAPE '\\'";
            pattern = likePattern(term);
        }
        StringBuilder c = new StringBuilder();
        for (String col : columns) {
            if (c.length() > 0) {
                c.append(" OR ");
            }
            c.append(ci(col)).append(op);
            params.add(pattern);
        }
        clauses.add(c.toString());
    }

    /** The indexed case-insensitive form of a column (see 01-schema.sql). */
    static String ci(String column) {
        return "(lower(" + column + ") COLLATE \"C\")";
    }

    /** Escapes LIKE metacharacters, turns {@code *} into {@code %}, anchors on the left (index-friendly). */
    static String likePattern(String term) {
        String v = term.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_")
                .replace('*', '%');
        return v.endsWith("%") ? v : v + "%";
    }
}
