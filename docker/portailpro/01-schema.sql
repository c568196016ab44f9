-- Portailpro directory contract read by the douane-portailpro user-storage provider.
--
-- The provider only ever reads the relation portailpro_account. A database administrator can
-- map the real Portailpro schema onto it with a view of the same name and columns instead of
-- this table (the indexes below then belong on the underlying table).
--
--   id          stable, never reused: it becomes the federation key of the imported user
--   identifiant the login (for Portailpro accounts: the email address); unique, case-insensitive
--   email       may be NULL; duplicates are tolerated by the provider (skipped with a warning)
--   status      ACTIVE | SUSPENDED | CLOSED
--   updated_at  bumped on every change: the changed-since synchronisation reads it

CREATE TABLE IF NOT EXISTS portailpro_account (
    id          text        PRIMARY KEY,
    identifiant text        NOT NULL,
    email       text,
    first_name  text,
    last_name   text,
    siret       text,
    status      text        NOT NULL DEFAULT 'ACTIVE'
                            CHECK (status IN ('ACTIVE', 'SUSPENDED', 'CLOSED')),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Case-insensitive lookups, prefix searches and paging. The provider writes every such predicate
-- as (lower(x) COLLATE "C") = lower(?), ... LIKE 'abc%', ORDER BY (lower(x) COLLATE "C"): with the
-- "C" collation one plain b-tree index serves equality, left-anchored LIKE and the ORDER BY of a
-- LIMIT/OFFSET page, whatever the database's default collation.
-- The identifiant index also COVERS an admin page: the provider finds the ids of a page with an
-- index-only scan of it (status and the searched columns are included, so the rows skipped by
-- OFFSET never touch the table), then reads the page's rows by id. Index-only scans need the
-- visibility map: VACUUM after bulk loads (autovacuum does it in production).
CREATE UNIQUE INDEX IF NOT EXISTS portailpro_account_identifiant_lower_idx
    ON portailpro_account ((lower(identifiant) COLLATE "C"))
    INCLUDE (id, identifiant, email, first_name, last_name, status);
CREATE INDEX IF NOT EXISTS portailpro_account_email_lower_idx
    ON portailpro_account ((lower(email) COLLATE "C"));
CREATE INDEX IF NOT EXISTS portailpro_account_first_name_lower_idx
    ON portailpro_account ((lower(first_name) COLLATE "C"));
CREATE INDEX IF NOT EXISTS portailpro_account_last_name_lower_idx
    ON portailpro_account ((lower(last_name) COLLATE "C"));
CREATE INDEX IF NOT EXISTS portailpro_account_siret_idx
    ON portailpro_account (siret);
-- Changed-since synchronisation: WHERE updated_at > ? ORDER BY updated_at, id.
CREATE INDEX IF NOT EXISTS portailpro_account_updated_at_idx
    ON portailpro_account (updated_at, id);

-- Keeps updated_at honest when rows are changed by hand.
CREATE OR REPLACE FUNCTION portailpro_account_touch() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS portailpro_account_touch_trg ON portailpro_account;
CREATE TRIGGER portailpro_account_touch_trg
    BEFORE UPDATE ON portailpro_account
    FOR EACH ROW
    WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION portailpro_account_touch();
