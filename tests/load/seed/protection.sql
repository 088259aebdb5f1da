-- The social-protection service's data for the coverage indicator and the ministry export,
-- straight into its schema (after `formaliza-social-protection migrate`):
--   :households households (rm_households), 4 members each (rm_members: a head, a spouse, two
--   children; a third have not consented to data sharing; birth dates over 80 years), 50 organisations and a membership
--   for every other member (rm_memberships), 8 schemes, :enrollments enrolments with their
--   dated transitions (applied → active, some later suspended, some rejected; every date in
--   the past) and status/status_since/version mirroring the last transition, as the service
--   keeps them; the kept coverage model is marked unbuilt (see the end).
-- Enrolment j: every tenth is a household enrolment in a household-unit insurance scheme; the
-- others are member enrolments spread over the members (public services 6 in 9, insurance 3 in 9).
\set ON_ERROR_STOP on
\i :seed_dir/common.sql
BEGIN;
INSERT INTO schemes (id, partner_id, name, country, kind, category, operator, coverage_unit,
    active, version, created_at, updated_at, deleted_at)
SELECT pg_temp.bench_id(s, 'scheme'), NULL, name, 'PE', kind, category, operator, unit, true, 1,
       timestamp '2024-01-01', timestamp '2024-01-01', NULL
FROM (VALUES
  (1, 'Seguro Integral de Salud (SIS)', 'public_service', 'health', 'MINSA', 'person'),
  (2, 'EsSalud', 'public_service', 'health', 'EsSalud', 'person'),
  (3, 'Sistema Nacional de Pensiones (ONP)', 'public_service', 'pension', 'ONP', 'person'),
  (4, 'Pensión 65', 'public_service', 'social_assistance', 'MIDIS', 'person'),
  (5, 'Microseguro de vida', 'insurance', 'micro_insurance', 'La Positiva', 'person'),
  (6, 'Fondo mutual cafetalero', 'insurance', 'mutual_fund', 'Cooperativa', 'person'),
  (7, 'Seguro agrario catastrófico', 'insurance', 'crop_insurance', 'MIDAGRI', 'household'),
  (8, 'Fondo mutual familiar', 'insurance', 'mutual_fund', 'Asociación', 'household')
) AS s(s, name, kind, category, operator, unit);

INSERT INTO rm_households (id, partner_id, country, region)
SELECT pg_temp.bench_id(h, 'household'), NULL, 'PE',
       pg_temp.pick('{PE-JUN,PE-CAJ,PE-SAM,PE-CUS,PE-PAS}', h)
FROM generate_series(0, :households - 1) AS h;

INSERT INTO rm_members (id, household_id, sector, sex, relationship_to_head,
    data_sharing_consent, given_names, family_names, id_type, id_country, id_number, birth_date)
SELECT pg_temp.bench_id(m, 'member'), pg_temp.bench_id(m / 4, 'household'),
       pg_temp.pick('{coffee,coffee,construction,food,engineering,textile,other}', m / 4 + m % 4 / 2),
       CASE WHEN m % 4 IN (0, 2) THEN 'female' ELSE 'male' END,
       pg_temp.pick('{head,spouse,child,child}', m),
       m % 3 <> 0,
       pg_temp.pick('{María,José,Rosa,Juan,Ana,Luis,Carmen,Pedro,Lucía,Jorge,Elena,Víctor}', m),
       pg_temp.pick('{Quispe Mamani,Huamán Flores,Condori Choque,Rojas Vargas,Mendoza Ríos}', m / 4),
       'pe_dni', 'PE', lpad(m::text, 8, '0'),
       -- Born 1940 to 2021 (every age band on the benchmarks' dates); one in ten unrecorded.
       CASE WHEN m % 10 <> 9 THEN date '1940-01-01' + ((m::bigint * 7919) % 29950)::int END
FROM generate_series(0, 4 * :households - 1) AS m;

INSERT INTO rm_organisations (id, in_programme)
SELECT pg_temp.bench_id(o, 'organisation'), o % 5 <> 0 FROM generate_series(0, 49) AS o;

INSERT INTO rm_memberships (id, member_id, organisation_id, left_on)
SELECT pg_temp.bench_id(m, 'membership'), pg_temp.bench_id(m, 'member'),
       pg_temp.bench_id((m / 4) % 50, 'organisation'),
       CASE WHEN m % 20 = 0 THEN date '2024-06-30' END
FROM generate_series(0, 4 * :households - 1, 2) AS m;

CREATE TEMPORARY TABLE bench_enrolment AS
SELECT j,
       pg_temp.bench_id(j, 'enrollment') AS id,
       CASE WHEN j % 10 = 0 THEN 7 + (j / 10) % 2
            WHEN j % 10 <= 6 THEN 1 + (j / 10) % 4
            ELSE 5 + (j / 10) % 2 END AS scheme,
       CASE WHEN j % 10 <> 0 THEN (j * 7919) % (4 * :households) END AS member,
       CASE WHEN j % 10 = 0 THEN (j * 7919) % :households END AS household,
       date '2022-01-01' + (j % 800)::int AS applied_on,
       CASE WHEN j % 11 = 0 THEN 'rejected' ELSE 'active' END AS second,
       j % 11 <> 0 AND j % 7 = 0 AS suspended
FROM generate_series(1::bigint, :enrollments) AS j;
-- One enrolment per person (or household) and scheme, as the service's live-enrolment index
-- requires of live ones.
DELETE FROM bench_enrolment AS later USING bench_enrolment AS earlier
WHERE earlier.scheme = later.scheme AND earlier.j < later.j
  AND earlier.member IS NOT DISTINCT FROM later.member
  AND earlier.household IS NOT DISTINCT FROM later.household;

INSERT INTO enrollments (id, partner_id, scheme_id, member_id, household_id, affiliation_number,
    status, status_since, verified_by, verified_at, version, created_at, updated_at, deleted_at)
SELECT id, NULL, pg_temp.bench_id(scheme, 'scheme'),
       CASE WHEN member IS NOT NULL THEN pg_temp.bench_id(member, 'member') END,
       CASE WHEN household IS NOT NULL THEN pg_temp.bench_id(household, 'household') END,
       'AF-' || lpad(j::text, 9, '0'),
       CASE WHEN suspended THEN 'suspended' ELSE second END,
       CASE WHEN suspended THEN applied_on + 400 ELSE applied_on + 30 END,
       NULL, NULL,
       CASE WHEN suspended THEN 3 ELSE 2 END,
       timestamp '2025-01-01' + make_interval(secs => j),
       timestamp '2025-01-01' + make_interval(secs => j), NULL
FROM bench_enrolment;

INSERT INTO enrollment_transitions (enrollment_id, seq, from_status, to_status, effective_on,
    reason, recorded_by, recorded_at)
SELECT id, 1, NULL, 'applied', applied_on, NULL, 'bench', timestamp '2025-01-01' + make_interval(secs => j)
FROM bench_enrolment
UNION ALL
SELECT id, 2, 'applied', second, applied_on + 30, NULL, 'bench', timestamp '2025-01-01' + make_interval(secs => j)
FROM bench_enrolment
UNION ALL
SELECT id, 3, 'active', 'suspended', applied_on + 400, 'contributions unpaid', 'bench',
       timestamp '2025-01-01' + make_interval(secs => j)
FROM bench_enrolment WHERE suspended;
-- The rows above bypassed the service, so its kept coverage model does not reflect them: marked
-- unbuilt, the indicator derives coverage from the enrolments until
-- `formaliza-social-protection rebuild-coverage` (lib.sh `ensure_db` runs it next) or the
-- service's next start rebuilds it.
UPDATE coverage_model SET built = FALSE;
COMMIT;
VACUUM ANALYZE;
