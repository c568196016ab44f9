package fr.douane.keycloak.portailpro;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * All SQL of the provider, against the documented relation {@code portailpro_account}. Every
 * statement is parameterised and carries a query timeout; the connection wait is bounded by the
 * pool. Methods throw {@link SQLException}: the provider decides how to degrade.
 */
public final class PortailproAccountRepository {

    static final String RELATION = "portailpro_account";
    private static final String SELECT = "SELECT " + PortailproAccountMapper.COLUMNS + " FROM " + RELATION;
    private static final String ACTIVE = "status = 'ACTIVE'";

    private final DataSource dataSource;
    private final int queryTimeoutSeconds;

    public PortailproAccountRepository(DataSource dataSource, int queryTimeoutSeconds) {
        this.dataSource = dataSource;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /** Connection and relation check for the admin console: throws when either does not work. */
    public void checkRelation() throws SQLException {
        query("check", "SELECT id, identifiant, email, first_name, last_name, siret, status, updated_at FROM "
                + RELATION + " LIMIT 1", List.of());
    }

    /** Any status: validation of an imported user needs to see SUSPENDED and CLOSED too. */
    public Optional<PortailproAccount> findById(String id) throws SQLException {
        return first(query("by_id", SELECT + " WHERE id = ?", List.of(id)));
    }

    /** Any status, case-insensitive. */
    public Optional<PortailproAccount> findByIdentifiant(String identifiant) throws SQLException {
        return first(query("by_identifiant", SELECT + " WHERE " + PortailproSearch.ci("identifiant") + " = lower(?) LIMIT 1", List.of(identifiant)));
    }

    /**
     * ACTIVE accounts only, case-insensitive; at most two rows, enough to detect an email shared by
     * two accounts (then nobody is returned: the reset flow must not mail the wrong person).
     */
    public List<PortailproAccount> findActiveByEmail(String email) throws SQLException {
        return query("by_email", SELECT + " WHERE " + PortailproSearch.ci("email") + " = lower(?) AND " + ACTIVE + " ORDER BY id LIMIT 2",
                List.of(email));
    }

    /** One round trip for a batch of ids (full synchronisation: what became of imported users). */
    public List<PortailproAccount> findByIds(Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        return timed("by_ids", () -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ANY (?)")) {
                ps.setQueryTimeout(queryTimeoutSeconds);
                ps.setArray(1, c.createArrayOf("text", ids.toArray()));
                return read(ps);
            }
        });
    }

    /**
     * ACTIVE accounts matching the search and not in {@code excludedIds} (the accounts imported
     * already, which Keycloak lists from its own store), ordered by the indexed lower(identifiant),
     * paged in SQL.
     *
     * <p>Two steps in one statement: the inner query walks the covering identifiant index
     * {@code portailpro_account_identifiant_lower_idx} (id, status, email and names included)
     * with an index-only scan, so the rows skipped by OFFSET cost an index entry each and no heap
     * access; the outer query reads the full rows of the page only, by primary key.
     */
    public List<PortailproAccount> search(PortailproSearch search, Integer first, Integer max,
                                          Collection<String> excludedIds) throws SQLException {
        if (search.matchesNothing() || (max != null && max <= 0)) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        return query("search", searchSql(search, first, max, excludedIds, params), params);
    }

    /** The statement of {@link #search}; fills {@code params} (package-private for the query-plan test). */
    static String searchSql(PortailproSearch search, Integer first, Integer max, Collection<String> excludedIds,
                            List<Object> params) {
        params.addAll(search.params());
        StringBuilder inner = new StringBuilder("SELECT id FROM ").append(RELATION).append(" WHERE ").append(ACTIVE)
                .append(search.sql());
        if (!excludedIds.isEmpty()) {
            inner.append(" AND NOT (id = ANY (?))");
            params.add(excludedIds);
        }
        inner.append(" ORDER BY ").append(PortailproSearch.ci("identifiant"));
        if (max != null) {
            inner.append(" LIMIT ?");
            params.add(max);
        }
        if (first != null && first > 0) {
            inner.append(" OFFSET ?");
            params.add(first);
        }
        return SELECT + " WHERE id IN (" + inner + ") ORDER BY " + PortailproSearch.ci("identifiant");
    }

    public List<PortailproAccount> search(PortailproSearch search, Integer first, Integer max) throws SQLException {
        return search(search, first, max, List.of());
    }

    public int count(PortailproSearch search) throws SQLException {
        return count(search, List.of());
    }

    /** ACTIVE accounts matching the search and not in {@code excludedIds}. */
    public int count(PortailproSearch search, Collection<String> excludedIds) throws SQLException {
        if (search.matchesNothing()) {
            return 0;
        }
        List<Object> params = new ArrayList<>(search.params());
        String sql = "SELECT count(*) FROM " + RELATION + " WHERE " + ACTIVE + search.sql();
        if (!excludedIds.isEmpty()) {
            sql += " AND NOT (id = ANY (?))";
            params.add(excludedIds);
        }
        String statement = sql;
        return timed("count", () -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setQueryTimeout(queryTimeoutSeconds);
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return (int) Math.min(Integer.MAX_VALUE, rs.getLong(1));
                }
            }
        });
    }

    /** Keyset page over every row (any status) after {@code afterId}, by id. */
    public List<PortailproAccount> pageAll(String afterId, int batchSize) throws SQLException {
        return query("page_all", SELECT + " WHERE id > ? ORDER BY id LIMIT ?", List.of(afterId == null ? "" : afterId, batchSize));
    }

    /**
     * Keyset page of rows changed strictly after {@code since}, ordered by (updated_at, id);
     * {@code afterUpdatedAt/afterId} is the last row of the previous page (null for the first page).
     */
    public List<PortailproAccount> changedSince(Instant since, Instant afterUpdatedAt, String afterId, int batchSize)
            throws SQLException {
        if (afterUpdatedAt == null) {
            return query("changed_since", SELECT + " WHERE updated_at > ? ORDER BY updated_at, id LIMIT ?",
                    List.of(since, batchSize));
        }
        return query("changed_since", SELECT + " WHERE updated_at > ? AND (updated_at, id) > (?, ?) ORDER BY updated_at, id LIMIT ?",
                List.of(since, afterUpdatedAt, afterId, batchSize));
    }

    private List<PortailproAccount> query(String operation, String sql, List<?> params) throws SQLException {
        return timed(operation, () -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setQueryTimeout(queryTimeoutSeconds);
                bind(ps, params);
                return read(ps);
            }
        });
    }

    @FunctionalInterface
    private interface Statement<T> {
        T run() throws SQLException;
    }

    /** Every statement, connection checkout included, is timed and its failure counted ({@link DirectoryMeters}). */
    private static <T> T timed(String operation, Statement<T> statement) throws SQLException {
        long start = System.nanoTime();
        try {
            T result = statement.run();
            DirectoryMeters.record(operation, start, null);
            return result;
        } catch (SQLException | RuntimeException e) {
            DirectoryMeters.record(operation, start, e);
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (p instanceof Collection<?> values) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("text", values.toArray()));
            } else if (p instanceof Instant t) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }

    private static List<PortailproAccount> read(PreparedStatement ps) throws SQLException {
        List<PortailproAccount> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                PortailproAccountMapper.map(rs).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<PortailproAccount> first(List<PortailproAccount> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
