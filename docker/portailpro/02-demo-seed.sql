-- Demo accounts of the Portailpro directory (run after 01-schema.sql). Idempotent.
-- Used by the end-to-end tests, the run command and docker compose: keep these rows stable.
INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, siret, status, updated_at) VALUES
    ('pp-0001', 'marie.dupont@exemple.fr',    'marie.dupont@exemple.fr',    'Marie',    'Dupont',   '12345678900011', 'ACTIVE',    '2026-01-05 09:00:00+01'),
    ('pp-0002', 'jean.martin@exemple.fr',     'jean.martin@exemple.fr',     'Jean',     'Martin',   '98765432100027', 'ACTIVE',    '2026-01-05 09:05:00+01'),
    ('pp-0003', 'suspendu@exemple.fr',        'suspendu@exemple.fr',        'Paul',     'Suspendu', '11122233300044', 'SUSPENDED', '2026-01-06 10:00:00+01'),
    ('pp-0004', 'ferme@exemple.fr',           'ferme@exemple.fr',           'Claire',   'Fermé',    '55566677700055', 'CLOSED',    '2026-01-06 10:05:00+01'),
    ('pp-0005', 'sophie.bernard@exemple.fr',  'sophie.bernard@exemple.fr',  'Sophie',   'Bernard',  '40483304800022', 'ACTIVE',    '2026-01-07 11:00:00+01'),
    ('pp-0006', 'luc.petit@exemple.fr',       'luc.petit@exemple.fr',       'Luc',      'Petit',    '73282932000074', 'ACTIVE',    '2026-01-07 11:05:00+01'),
    ('pp-0007', 'helene.leroy@exemple.fr',    'helene.leroy@exemple.fr',    'Hélène',   'Leroy',    '35600000000048', 'ACTIVE',    '2026-01-08 08:30:00+01'),
    ('pp-0008', 'francois.moreau@exemple.fr', 'francois.moreau@exemple.fr', 'François', 'Moreau',   '55208131766522', 'ACTIVE',    '2026-01-08 08:35:00+01'),
    ('pp-0009', 'Zoe.Lefevre@Exemple.fr',     'Zoe.Lefevre@Exemple.fr',     'Zoé',      'Lefèvre',  NULL,             'ACTIVE',    '2026-01-09 14:00:00+01'),
    ('pp-0010', 'sans.courriel.0010',         NULL,                         'Nadia',    'Sanscourriel', '13002526500013', 'ACTIVE', '2026-01-09 14:05:00+01')
ON CONFLICT (id) DO NOTHING;
