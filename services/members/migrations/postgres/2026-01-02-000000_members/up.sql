-- Organisations: cooperatives, associations, federations, small enterprises.
CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    legal_status TEXT NOT NULL,
    parent_id TEXT REFERENCES organisations (id),
    in_programme BOOLEAN NOT NULL,
    country TEXT NOT NULL,
    region TEXT,
    district TEXT,
    sector TEXT,
    registration_number TEXT,
    founded_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX organisations_partner ON organisations (partner_id, id);
CREATE INDEX organisations_parent ON organisations (parent_id);
CREATE INDEX organisations_updated ON organisations (updated_at);

CREATE TABLE households (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    name TEXT,
    name_key TEXT NOT NULL,
    country TEXT NOT NULL,
    region TEXT,
    district TEXT,
    locality TEXT,
    external_ref TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX households_partner ON households (partner_id, id);
CREATE INDEX households_updated ON households (updated_at);

CREATE TABLE members (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    household_id TEXT REFERENCES households (id),
    given_names TEXT NOT NULL,
    family_names TEXT NOT NULL,
    name_key TEXT NOT NULL,
    sex TEXT,
    birth_date DATE,
    id_type TEXT,
    id_country TEXT,
    id_number TEXT,
    id_complement TEXT,
    id_issued_in TEXT,
    phone TEXT,
    sector TEXT,
    work_status TEXT,
    relationship_to_head TEXT,
    country TEXT NOT NULL,
    region TEXT,
    district TEXT,
    data_sharing_consent BOOLEAN NOT NULL,
    consent_recorded_at TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
-- The natural key: one living record per national ID.
CREATE UNIQUE INDEX members_national_id ON members (id_country, id_type, id_number)
    WHERE deleted_at IS NULL AND id_number IS NOT NULL;
-- At most one head per household.
CREATE UNIQUE INDEX members_household_head ON members (household_id)
    WHERE deleted_at IS NULL AND relationship_to_head = 'head';
CREATE INDEX members_partner ON members (partner_id, id);
CREATE INDEX members_household ON members (household_id);
CREATE INDEX members_updated ON members (updated_at);

CREATE TABLE memberships (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    member_id TEXT NOT NULL REFERENCES members (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    joined_on DATE,
    left_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX memberships_member_organisation ON memberships (member_id, organisation_id)
    WHERE deleted_at IS NULL;
CREATE INDEX memberships_organisation ON memberships (organisation_id, member_id);
CREATE INDEX memberships_partner ON memberships (partner_id, id);
CREATE INDEX memberships_updated ON memberships (updated_at);
