-- Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d).
-- One database per component: a service never reads another one's tables.
CREATE DATABASE gateway;
CREATE DATABASE members;
CREATE DATABASE trainings;
CREATE DATABASE social_protection;
