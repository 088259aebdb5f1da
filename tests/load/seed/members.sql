-- 1,000,000 (:rows) members for `GET /v1/members`, straight into the members service's schema
-- (after `formaliza-members migrate`). Valid as the service writes them: UUIDv7-shaped ids,
-- a unique Peruvian DNI each (8 digits), name_key as domain::search_key makes it, version 1,
-- live (deleted_at NULL), programme-wide (partner_id NULL), no household.
\set ON_ERROR_STOP on
\i :seed_dir/common.sql
BEGIN;
INSERT INTO members (id, partner_id, household_id, given_names, family_names, name_key, sex,
    birth_date, id_type, id_country, id_number, id_complement, id_issued_in, phone, sector,
    work_status, relationship_to_head, country, region, district, data_sharing_consent,
    consent_recorded_at, version, created_at, updated_at, deleted_at)
SELECT pg_temp.bench_id(i, 'member'), NULL, NULL, g, f,
       translate(lower(g || ' ' || f), 'áéíóúñü', 'aeiounu'),  -- domain::search_key
       pg_temp.pick('{female,male}', i),
       date '1960-01-01' + (i % 15000)::int,
       'pe_dni', 'PE', lpad(i::text, 8, '0'), NULL, NULL,
       '+51 9' || lpad((i % 100000000)::text, 8, '0'),
       pg_temp.pick('{coffee,coffee,construction,food,engineering,textile,other}', i / 3),
       pg_temp.pick('{self_employed,employee,employer,unpaid_family_worker,other}', i / 5),
       NULL, 'PE', pg_temp.pick('{PE-JUN,PE-CAJ,PE-SAM,PE-CUS,PE-PAS}', i / 7), NULL,
       i % 3 <> 0, CASE WHEN i % 3 <> 0 THEN ts END, 1, ts, ts, NULL
FROM generate_series(1, :rows) AS i,
     LATERAL (SELECT pg_temp.pick('{María,José,Rosa,Juan,Ana,Luis,Carmen,Pedro,Lucía,Jorge,Elena,Víctor}', i) AS g,
                     pg_temp.pick('{Quispe Mamani,Huamán Flores,Condori Choque,Rojas Vargas,Mendoza Ríos,Torres Chávez,Ramírez Soto,Castillo Paredes,Gutiérrez Apaza}', i / 12) AS f,
                     timestamp '2025-01-01' + make_interval(secs => i) AS ts) AS v;
COMMIT;
VACUUM ANALYZE members;
