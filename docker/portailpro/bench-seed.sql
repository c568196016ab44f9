-- Large Portailpro directories for benchmarks (run after 01-schema.sql and 02-demo-seed.sql).
--
--   SELECT portailpro_bench_seed(100000);   -- 100k accounts
--   SELECT portailpro_bench_seed(1000000);  -- 1M accounts (about a minute on a laptop)
--
-- Ids pp-b0000001..; identifiant = email = bench.<n>@exemple.fr; 1 in 50 SUSPENDED, 1 in 100
-- CLOSED, 1 in 500 without email. Idempotent: existing ids are left alone. ANALYZE at the end so
-- that the planner uses the lower() indexes straight away.
CREATE OR REPLACE FUNCTION portailpro_bench_seed(n integer) RETURNS bigint AS $$
DECLARE
    inserted bigint;
BEGIN
    INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, siret, status, updated_at)
    SELECT 'pp-b' || lpad(g::text, 7, '0'),
           'bench.' || g || '@exemple.fr',
           CASE WHEN g % 500 = 0 THEN NULL ELSE 'bench.' || g || '@exemple.fr' END,
           (ARRAY['Marie','Jean','Sophie','Luc','Hélène','François','Zoé','Nadia','Paul','Claire'])[1 + g % 10],
           'Banc' || g,
           lpad((g::bigint * 7919 % 100000000000000)::text, 14, '0'),
           CASE WHEN g % 100 = 0 THEN 'CLOSED' WHEN g % 50 = 0 THEN 'SUSPENDED' ELSE 'ACTIVE' END,
           timestamptz '2026-01-01 00:00:00+00' + make_interval(secs => g)
      FROM generate_series(1, n) AS g
    ON CONFLICT (id) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    ANALYZE portailpro_account;
    RETURN inserted;
END;
$$ LANGUAGE plpgsql;
