DROP TABLE memberships;
DROP TABLE members;
DROP TABLE households;
DROP TABLE organisations;
