-- The role Keycloak connects with: it may read the directory relation portailpro_account and
-- nothing else (no other relation, no write, no DDL). Its password is the file
-- /run/secrets/portailpro-keycloak-password (a compose secret), the same file Keycloak reads
-- through its vault, so that the password is written nowhere else. psql runs this file at the
-- first start of an empty database (docker-entrypoint-initdb.d) and reads the file itself.

\set reader_password `cat /run/secrets/portailpro-keycloak-password`

CREATE ROLE keycloak_reader LOGIN PASSWORD :'reader_password';
-- PostgreSQL 15 and later give PUBLIC no CREATE on schema public; say it for older servers too.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO keycloak_reader;
GRANT SELECT ON portailpro_account TO keycloak_reader;
