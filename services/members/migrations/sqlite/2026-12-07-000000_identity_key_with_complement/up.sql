-- The identity key is (country, type, number, complement): SEGIP issues a Bolivian CI's
-- complement to tell apart two people with the same number. A missing complement is ''.
-- A carné de extranjería is kept with exactly the leading zeros that make 9 digits
-- (Migraciones prints 9, SUNAT pads to 12, forms drop them), so one card is one key.
DROP INDEX members_national_id;
UPDATE members
SET id_number = CASE
        WHEN length(ltrim(id_number, '0')) >= 9 THEN ltrim(id_number, '0')
        ELSE substr('000000000' || ltrim(id_number, '0'), -9)
    END
WHERE id_type = 'pe_ce' AND id_number IS NOT NULL AND ltrim(id_number, '0') <> '';
CREATE UNIQUE INDEX members_national_id
    ON members (id_country, id_type, id_number, COALESCE(id_complement, ''))
    WHERE deleted_at IS NULL AND id_number IS NOT NULL;
