package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (embedded binaries from a Maven artifact) holding the Portailpro
 * directory: the shipped DDL and demo seed from docker/portailpro are applied to it.
 */
public final class PortailproDatabase implements AutoCloseable {

    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    public PortailproDatabase(int port) {
        this(port, false);
    }

    /**
     * @param trackStatements load pg_stat_statements (benchmarks count the statements the
     *                        provider sends: an exact count per statement text, kept by the server)
     */
    public PortailproDatabase(int port, boolean trackStatements) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port);
            if (trackStatements) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            this.postgres = builder.start();
            if (trackStatements) {
                execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            applyScript(Paths.portailproSql("01-schema.sql"));
            applyScript(Paths.portailproSql("02-demo-seed.sql"));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Portailpro PostgreSQL did not start", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return jdbcUrl(port());
    }

    /** The URL of this database reached through another port (a {@link DirectoryLink}). */
    public String jdbcUrl(int viaPort) {
        return "jdbc:postgresql://127.0.0.1:" + viaPort + "/" + DATABASE;
    }

    /** Creates another database in the same server (e.g. Keycloak's own) and returns its JDBC URL. */
    public String createDatabase(String name) {
        execute("CREATE DATABASE " + name);
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + name;
    }

    public Connection connect() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the first row of {@code sql} (counts, single values). */
    public long queryLong(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * Statements the provider has sent to the directory relation so far (pg_stat_statements,
     * exact counts kept by the server; needs {@code trackStatements}). The tests' own writes are
     * not SELECTs and are not counted.
     */
    public long providerStatements() {
        return queryLong("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query LIKE 'SELECT %FROM portailpro_account%'"
                + " AND query NOT LIKE '%pg_stat_statements%'");
    }

    private void applyScript(Path script) throws IOException, SQLException {
        if (!Files.exists(script)) {
            throw new IllegalStateException("missing " + script);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(Files.readString(script, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
