-- Back to (country, type, number); fails if two live members differ only by complement.
DROP INDEX members_national_id;
CREATE UNIQUE INDEX members_national_id ON members (id_country, id_type, id_number)
    WHERE deleted_at IS NULL AND id_number IS NOT NULL;
