DROP TABLE rm_memberships;
DROP TABLE rm_organisations;
DROP TABLE rm_members;
DROP TABLE rm_households;
DROP TABLE enrollment_transitions;
DROP TABLE enrollments;
DROP TABLE schemes;
