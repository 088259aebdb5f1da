DROP TABLE rm_organisations;
DROP TABLE rm_memberships;
DROP TABLE rm_members;
DROP TABLE certificates;
DROP TABLE participations;
DROP TABLE sessions;
DROP TABLE courses;
