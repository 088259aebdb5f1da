-- Helpers for the benchmark seeds (temporary: they vanish with the session, so the seeded
-- databases hold nothing but the services' own schema).
--
-- bench_id(i, salt): a UUIDv7-shaped id (version 7, RFC 4122 variant) whose first 48 bits are a
-- millisecond timestamp growing with i, so ids sort in generation order like real UUIDv7s.
CREATE FUNCTION pg_temp.bench_id(i bigint, salt text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(r, 1, 3) || '-'
         || substr('89ab', 1 + (i % 4)::int, 1) || substr(r, 4, 3) || '-' || substr(r, 7, 12)
  FROM (SELECT lpad(to_hex(1735689600000 + i), 12, '0') AS h, md5(salt || i::text) AS r) x
$$;
CREATE FUNCTION pg_temp.pick(options text[], i bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT options[1 + (i % array_length(options, 1))::int]
$$;
