package fr.douane.keycloak.portailpro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL (zonky embedded binaries) loaded with the shipped DDL and demo seed. */
final class PortailproDb implements AutoCloseable {

    static final Path SQL_DIR = Path.of("..", "docker", "portailpro");

    final EmbeddedPostgres pg;

    private PortailproDb(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    static PortailproDb start(boolean demoSeed) throws IOException, SQLException {
        PortailproDb db = new PortailproDb(EmbeddedPostgres.builder().start());
        db.runFile("01-schema.sql");
        if (demoSeed) {
            db.runFile("02-demo-seed.sql");
        }
        return db;
    }

    static PortailproDb startEmpty() throws IOException {
        return new PortailproDb(EmbeddedPostgres.builder().start());
    }

    String jdbcUrl() {
        return pg.getJdbcUrl("postgres", "postgres");
    }

    void runFile(String name) throws IOException, SQLException {
        exec(Files.readString(SQL_DIR.resolve(name), StandardCharsets.UTF_8));
    }

    void exec(String sql) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    PortailproConfig config() {
        return new PortailproConfig(jdbcUrl(), "postgres", null, 4, 2, 1,
                org.keycloak.storage.UserStorageProvider.EditMode.READ_ONLY);
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
