-- The formalisation indicator's population, straight into the members service's schema (after
-- `formaliza-members migrate`): :organisations organisations (a fifth cooperatives, the rest
-- small enterprises), :households households of 4 members each, and jobs for 7 members in 10.
-- Registrations as the service writes them: three in five organisations hold a RUC (active from
-- a date in the last five years), two in five also a SUNARP entry (active later), one in ten
-- of those entries cancelled since; each registration's transitions numbered from 1. Jobs:
-- heads of household are member-workers of an organisation (a cooperative's or their own
-- enterprise), spouses family workers, other adults employees of a small enterprise, half of
-- them registered for social security from a date in the last three years.
\set ON_ERROR_STOP on
\i :seed_dir/common.sql
BEGIN;
INSERT INTO organisations (id, partner_id, name, name_key, kind, legal_status, parent_id,
    in_programme, country, region, district, sector, registration_number, founded_on, version,
    created_at, updated_at, deleted_at, formal_status, formal_status_since)
SELECT pg_temp.bench_id(i, 'organisation'), NULL, 'Empresa ' || i, 'empresa ' || i,
       CASE WHEN i % 5 = 0 THEN 'cooperative' ELSE 'small_enterprise' END, 'informal', NULL,
       TRUE, CASE WHEN i % 3 = 0 THEN 'BO' ELSE 'PE' END,
       CASE WHEN i % 3 = 0 THEN 'BO-L' ELSE pg_temp.pick('{PE-JUN,PE-CAJ,PE-SAM,PE-CUS}', i) END,
       NULL, pg_temp.pick('{coffee,construction,food,engineering,textile}', i / 5), NULL, NULL, 1,
       timestamp '2025-01-01', timestamp '2025-01-01', NULL, 'informal', NULL
FROM generate_series(1, :organisations) AS i;

-- Tax registrations (i % 5 < 3) and registry entries (i % 5 < 2), one id space: 2i and 2i+1.
INSERT INTO registrations (id, partner_id, organisation_id, registry, number, tax_regime,
    issued_by, expires_on, status, status_since, evidence, version, created_at, updated_at,
    deleted_at)
SELECT pg_temp.bench_id(2 * i + r, 'registration'), NULL, pg_temp.bench_id(i, 'organisation'),
       CASE WHEN r = 0 THEN 'pe_ruc' ELSE 'pe_sunarp' END,
       CASE WHEN r = 0 THEN '20' || lpad(i::text, 9, '0') ELSE lpad(i::text, 8, '0') END,
       NULL, NULL, NULL,
       CASE WHEN r = 1 AND i % 10 = 1 THEN 'cancelled' ELSE 'active' END,
       date '2022-01-01' + (i % 1500) + 200 * r, NULL, 1,
       timestamp '2025-01-01', timestamp '2025-01-01', NULL
FROM generate_series(1, :organisations) AS i, generate_series(0, 1) AS r
WHERE (r = 0 AND i % 5 < 3) OR (r = 1 AND i % 5 < 2);

INSERT INTO registration_transitions (registration_id, seq, from_status, to_status,
    effective_on, reason, recorded_by, recorded_at)
SELECT id, 1, NULL, 'active',
       CASE WHEN status = 'cancelled' THEN status_since - 300 ELSE status_since END,
       NULL, 'bench', timestamp '2025-01-01'
FROM registrations;
INSERT INTO registration_transitions (registration_id, seq, from_status, to_status,
    effective_on, reason, recorded_by, recorded_at)
SELECT id, 2, 'active', 'cancelled', status_since, NULL, 'bench', timestamp '2025-01-01'
FROM registrations WHERE status = 'cancelled';

INSERT INTO households (id, partner_id, name, name_key, country, region, district, locality,
    external_ref, version, created_at, updated_at, deleted_at)
SELECT pg_temp.bench_id(i, 'household'), NULL, NULL, '', 'PE',
       pg_temp.pick('{PE-JUN,PE-CAJ,PE-SAM,PE-CUS}', i), NULL, NULL, NULL, 1,
       timestamp '2025-01-01', timestamp '2025-01-01', NULL
FROM generate_series(1, :households) AS i;

-- Member m = 4h + k of household h: k = 0 the head, 1 the spouse, 2 and 3 children.
INSERT INTO members (id, partner_id, household_id, given_names, family_names, name_key, sex,
    birth_date, id_type, id_country, id_number, id_complement, id_issued_in, phone, sector,
    work_status, relationship_to_head, country, region, district, data_sharing_consent,
    consent_recorded_at, version, created_at, updated_at, deleted_at)
SELECT pg_temp.bench_id(m, 'member'), NULL, pg_temp.bench_id(m / 4, 'household'), 'María',
       'Quispe', 'maria quispe', pg_temp.pick('{female,male}', m + m / 4),
       CASE WHEN m % 4 < 2 THEN date '1960-01-01' + (m % 12000)
            ELSE date '1995-01-01' + (m % 6000) END,
       'pe_dni', 'PE', lpad(m::text, 8, '0'), NULL, NULL, NULL,
       pg_temp.pick('{coffee,construction,food,engineering,textile}', m / 20), NULL,
       pg_temp.pick('{head,spouse,child,child}', m), 'PE',
       pg_temp.pick('{PE-JUN,PE-CAJ,PE-SAM,PE-CUS}', m / 4), NULL, TRUE, timestamp '2025-01-01',
       1, timestamp '2025-01-01', timestamp '2025-01-01', NULL
FROM generate_series(4, 4 * :households + 3) AS m;

INSERT INTO jobs (id, partner_id, member_id, organisation_id, role, occupation, contract,
    started_on, ended_on, social_security_registry, social_security_since, version, created_at,
    updated_at, deleted_at)
SELECT pg_temp.bench_id(m, 'job'), NULL, pg_temp.bench_id(m, 'member'),
       pg_temp.bench_id(1 + (m / 4) % :organisations, 'organisation'),
       CASE m % 4 WHEN 0 THEN 'member_worker' WHEN 1 THEN 'family_worker' ELSE 'employee' END,
       NULL, 'verbal', date '2018-01-01' + (m % 2500),
       CASE WHEN m % 17 = 0 THEN date '2025-06-01' END,
       CASE WHEN m % 4 >= 2 AND m % 2 = 0 THEN 'pe_t_registro' END,
       CASE WHEN m % 4 >= 2 AND m % 2 = 0 THEN date '2023-01-01' + (m % 1000) END,
       1, timestamp '2025-01-01', timestamp '2025-01-01', NULL
FROM generate_series(4, 4 * :households + 3) AS m
WHERE m % 10 < 7;
COMMIT;
VACUUM ANALYZE;
