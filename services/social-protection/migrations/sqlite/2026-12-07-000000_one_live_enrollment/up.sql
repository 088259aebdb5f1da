-- At most one live enrolment (applied, active or suspended) of a person or household per
-- scheme, so that two concurrent requests cannot both enrol them; a new one is allowed once the
-- first is ended or rejected. (A database holding such duplicates from before refuses this
-- migration, naming the key: end or delete the extra enrolment and start again.)
CREATE UNIQUE INDEX enrollments_live ON enrollments (scheme_id, COALESCE(member_id, household_id))
    WHERE deleted_at IS NULL AND status IN ('applied', 'active', 'suspended');
